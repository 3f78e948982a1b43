import { PortError } from '../../domain/errors.js';
import type { ServiceLocation } from '../../ports/runtime-platform.js';
import { codeOf, factsOf } from '../shared/google-error-facts.js';

/**
 * Translates what `@google-cloud/run` throws into PortErrors. With the REST transport a failed call
 * rejects with a GaxiosError (HTTP status, the AIP-193 error body, response headers); an operation that
 * ends in error rejects with a GoogleError (gRPC code); a network failure has a Node error code.
 */

export const BACKEND = 'Cloud Run';

export type Action = 'read' | 'list revisions of' | 'update';

/** The role that grants a permission Cloud Run said was missing. */
function roleFor(permission: string | undefined, action: Action): string {
  if (permission?.startsWith('iam.serviceAccounts.'))
    return "roles/iam.serviceAccountUser on the service's runtime service account";
  if (permission && /^run\.[a-z]+\.(get|list|getIamPolicy)$/.test(permission)) return 'roles/run.viewer';
  if (permission?.startsWith('run.')) return 'roles/run.developer';
  return action === 'update' ? 'roles/run.developer' : 'roles/run.viewer';
}

const where = (l: ServiceLocation): string => `${l.project}/${l.region}`;

/** A PortError with a message a user can act on. */
export function toPortError(error: unknown, action: Action, location: ServiceLocation): PortError {
  if (error instanceof PortError) return error;
  const f = factsOf(error);
  const code = codeOf(f);
  const svc = `Cloud Run service ${location.service}`;
  switch (code) {
    case 'not_found':
      return new PortError(code, `${svc} not found in ${where(location)}`, BACKEND);
    case 'permission_denied': {
      const permission = /Permission '([^']+)'/.exec(f.message)?.[1];
      return new PortError(
        code,
        `The bot may not ${action} ${svc} in ${where(location)}: missing role ${roleFor(permission, action)}${permission ? ` (permission ${permission})` : ''}`,
        BACKEND,
      );
    }
    case 'unauthenticated':
      return new PortError(
        code,
        `Cloud Run rejected the bot's Google credentials (check its service account / Application Default Credentials): ${f.message}`,
        BACKEND,
      );
    case 'rate_limited':
      return new PortError(
        code,
        `Cloud Run API quota exceeded for ${location.project}${f.retryAfter !== undefined ? `; retry in ${f.retryAfter}s` : ''}`,
        BACKEND,
        f.retryAfter,
      );
    case 'timeout':
      return new PortError(code, `Cloud Run did not answer in time while trying to ${action} ${svc}`, BACKEND);
    case 'invalid':
      return new PortError(code, `Cloud Run refused to ${action} ${svc}: ${f.message}`, BACKEND);
    case 'conflict':
      return new PortError(code, `${svc} changed while the bot was updating it: ${f.message}`, BACKEND);
    default:
      return new PortError(
        'unavailable',
        `Cloud Run API is unavailable${f.http ? ` (HTTP ${f.http})` : f.networkCode ? ` (${f.networkCode})` : ''}; try again in a minute`,
        BACKEND,
        f.retryAfter,
      );
  }
}

export const timeoutError = (action: Action, location: ServiceLocation, ms: number): PortError =>
  new PortError(
    'timeout',
    `Cloud Run did not answer within ${Math.round(ms / 100) / 10}s while trying to ${action} Cloud Run service ${location.service}`,
    BACKEND,
  );
