import type { AlertSignal } from '../../domain/alert.js';
import type { Severity } from '../../domain/incident.js';
import type { Config, ServiceConfig } from '../../config/schema.js';

export interface AlertRouting {
  /** The configured service the alert is about, when one claims it. */
  service?: string;
  environment?: string;
  /** Where its card goes: the environment's channel, else the source's, else `alerts.channel`, else incidents. */
  channel: string;
}

/**
 * The service comes from the source (a deploy), Cloud Run's `resource.labels.service_name`, or a `service` user
 * label on the policy, each matched against the configured names and their Cloud Run service names. The
 * environment is the one whose Cloud Run project and region the resource names, else a label, else prod.
 */
export function routeAlert(config: Config, signal: AlertSignal): AlertRouting {
  const fallback = signal.channel ?? config.alerts.channel ?? config.channels.incidents;
  const resource = signal.resource?.labels ?? {};
  const candidates = [signal.service, resource.service_name, signal.labels.service].filter(
    (c): c is string => typeof c === 'string' && c.length > 0,
  );
  for (const candidate of candidates) {
    const found = findService(config, candidate, resource);
    if (!found) continue;
    const [name, svc, matchedEnv] = found;
    const environment = pickEnvironment(svc, signal, resource, matchedEnv);
    return { service: name, environment, channel: svc.environments[environment]?.channel ?? fallback };
  }
  return { channel: fallback };
}

function findService(
  config: Config,
  candidate: string,
  resource: Record<string, string>,
): [string, ServiceConfig, string | undefined] | undefined {
  if (Object.hasOwn(config.services, candidate)) return [candidate, config.services[candidate]!, undefined];
  for (const [name, svc] of Object.entries(config.services)) {
    for (const [env, e] of Object.entries(svc.environments)) {
      const location = { ...svc.cloudRun, ...e.cloudRun };
      if (location.service !== candidate) continue;
      const sameProject = !resource.project_id || resource.project_id === location.project;
      const sameRegion = !resource.location || resource.location === location.region;
      if (sameProject && sameRegion) return [name, svc, env];
    }
    if (svc.cloudRun.service === candidate) return [name, svc, undefined];
  }
  return undefined;
}

function pickEnvironment(
  svc: ServiceConfig,
  signal: AlertSignal,
  resource: Record<string, string>,
  matched: string | undefined,
): string {
  const named = [signal.environment, signal.labels.environment, signal.labels.env].find(
    (e): e is string => !!e && Object.hasOwn(svc.environments, e),
  );
  if (named) return named;
  if (matched && (resource.project_id || resource.location)) {
    // Several environments may share a Cloud Run service name in different projects: the resource tells which.
    return matched;
  }
  return Object.hasOwn(svc.environments, 'prod') ? 'prod' : (Object.keys(svc.environments)[0] ?? 'prod');
}

/** The incident severity the Declare incident form starts at, from the policy's severity. */
export function severityFor(config: Config, signal: Pick<AlertSignal, 'severity'>): Severity {
  const key = (signal.severity ?? '').toLowerCase();
  const table = config.alerts.severity;
  return key === 'critical' || key === 'error' || key === 'warning' ? table[key] : table.none;
}

/** The first auto-declare rule the alert matches: its severity, or undefined. */
export function autoDeclareFor(config: Config, signal: Pick<AlertSignal, 'severity' | 'labels'>): Severity | undefined {
  const severity = (signal.severity ?? '').toLowerCase();
  const rule = config.alerts.autoDeclare.find(
    (r) =>
      (r.severity === undefined || r.severity === severity) &&
      Object.entries(r.labels ?? {}).every(([k, v]) => signal.labels[k] === v),
  );
  return rule?.declare;
}
