import { PortError } from '../../domain/errors.js';
import { codeOf, factsOf } from '../shared/google-error-facts.js';

export const BACKEND = 'Cloud Monitoring';

/**
 * What a REST call to Cloud Monitoring throws (a GaxiosError with the AIP-193 body, a network error) as a
 * PortError a user can act on: the role to grant, the quota, or "try again".
 */
export function toPortError(error: unknown, project: string): PortError {
  if (error instanceof PortError) return error;
  const f = factsOf(error);
  const code = codeOf(f);
  switch (code) {
    case 'permission_denied':
      return new PortError(
        code,
        `The bot may not read Cloud Monitoring metrics of project ${project}: grant its service account roles/monitoring.viewer`,
        BACKEND,
      );
    case 'unauthenticated':
      return new PortError(code, `Cloud Monitoring rejected the bot's Google credentials: ${f.message}`, BACKEND);
    case 'rate_limited':
      return new PortError(code, `Cloud Monitoring API quota exceeded for ${project}`, BACKEND, f.retryAfter);
    case 'timeout':
      return new PortError(code, 'Cloud Monitoring did not answer in time', BACKEND);
    case 'invalid':
    case 'not_found':
      return new PortError(code, `Cloud Monitoring refused the query: ${f.message}`, BACKEND);
    default:
      return new PortError(
        'unavailable',
        `Cloud Monitoring is unavailable${f.http ? ` (HTTP ${f.http})` : f.networkCode ? ` (${f.networkCode})` : ''}`,
        BACKEND,
        f.retryAfter,
      );
  }
}

export const timeoutError = (ms: number): PortError =>
  new PortError('timeout', `Cloud Monitoring did not answer within ${Math.round(ms / 100) / 10}s`, BACKEND);
