import type { MonitoringLinks } from '../../domain/deploy-gates.js';
import type { ServiceLocation } from '../../ports/runtime-platform.js';
import type { DeployTarget } from './target.js';

/** The revision a cloud-run deploy creates: named after the deploy ID, so a resumed step finds it. */
export const revisionFor = (target: DeployTarget, deployId: string): string =>
  `${target.location.service}-d${deployId.slice(-6)}`;

/**
 * Where to watch a revision: a Cloud Logging query filtered to it (Logs Explorer's `query=` path parameter, the
 * filter in the Logging query language) and the service's metrics page in the Cloud Run console.
 */
export function monitoringLinks(location: ServiceLocation, revision: string): MonitoringLinks {
  const query = [
    'resource.type="cloud_run_revision"',
    `resource.labels.service_name="${location.service}"`,
    `resource.labels.revision_name="${revision}"`,
  ].join('\n');
  const project = encodeURIComponent(location.project);
  return {
    revision,
    logs: `https://console.cloud.google.com/logs/query;query=${encodeURIComponent(query)}?project=${project}`,
    metrics: `https://console.cloud.google.com/run/detail/${encodeURIComponent(location.region)}/${encodeURIComponent(location.service)}/metrics?project=${project}`,
  };
}
