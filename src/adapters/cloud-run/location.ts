import { PortError } from '../../domain/errors.js';
import type { ServiceLocation } from '../../ports/runtime-platform.js';
import { BACKEND } from './errors.js';
import { conditionState, shortName, type ApiService } from './mapping.js';

/** The service's full location, the project defaulting to the adapter's; a part that would change the path is refused. */
export function resolveLocation(l: ServiceLocation, projectId: string | undefined): ServiceLocation {
  const location: ServiceLocation = { project: l.project || projectId || '', region: l.region, service: l.service };
  for (const field of ['project', 'region', 'service'] as const) {
    const value = location[field];
    if (typeof value !== 'string' || !value || value.includes('/'))
      throw new PortError('invalid', `"${String(value ?? '')}" is not a Cloud Run ${field}`, BACKEND);
  }
  return location;
}

export const servicePath = (l: ServiceLocation): string =>
  `projects/${l.project}/locations/${l.region}/services/${l.service}`;

/** A new revision that Cloud Run could not make ready fails the deploy, with Cloud Run's reason. */
export function assertRolledOut(svc: ApiService, revision: string | undefined): void {
  const terminal = svc.terminalCondition;
  if (revision && shortName(svc.latestCreatedRevision) === revision && conditionState(terminal?.state) === 'failed') {
    throw new PortError(
      'invalid',
      `Cloud Run revision ${revision} failed to become ready: ${terminal?.message ?? 'no reason given'}`,
      BACKEND,
    );
  }
}

export const stillRolling = (location: ServiceLocation, operationTimeoutMs: number): PortError =>
  new PortError(
    'timeout',
    `Cloud Run service ${location.service} is still rolling out after ${Math.round(operationTimeoutMs / 1000)}s; check it in the Cloud Console`,
    BACKEND,
  );
