import type { ServiceLocation } from '../../domain/runtime.js';
import type { WorkflowContext } from '../context.js';

/** What one audit covers: the Cloud Run services of the config (each location once) and their projects. */

export interface RunTarget {
  service: string;
  environments: string[];
  location: ServiceLocation;
}

export interface AuditScope {
  /** 'all', or one service of the config. */
  scope: string;
  projects: string[];
  services: RunTarget[];
}

export function auditScope(ctx: Pick<WorkflowContext, 'config'>, scope: string): AuditScope {
  const byLocation = new Map<string, RunTarget>();
  for (const [service, svc] of Object.entries(ctx.config.services)) {
    if (scope !== 'all' && scope !== service) continue;
    for (const [environment, env] of Object.entries(svc.environments)) {
      const location = { ...svc.cloudRun, ...env.cloudRun };
      const key = `${location.project}/${location.region}/${location.service}`;
      const known = byLocation.get(key);
      if (known) known.environments.push(environment);
      else byLocation.set(key, { service, environments: [environment], location });
    }
  }
  const services = [...byLocation.values()];
  const extra = scope === 'all' ? ctx.config.audit.projects : [];
  const projects = [...new Set([...services.map((s) => s.location.project), ...extra])].sort();
  return { scope, projects, services };
}

export const locationText = (l: ServiceLocation): string => `${l.project}/${l.region}/${l.service}`;
