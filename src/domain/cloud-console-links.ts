import type { MonitoringLinks } from './deploy-gates.js';
import type { ServiceLocation } from './runtime.js';

/**
 * Links into the Google Cloud console for a Cloud Run service: Cloud Logging filtered to one revision, and the
 * service's metrics page. Pure URL building: nothing is fetched.
 */
const CONSOLE = 'https://console.cloud.google.com';

/** Logs Explorer with a query for the revision's log entries (the query is part of the path, as the console writes it). */
export function revisionLogsUrl(location: ServiceLocation, revision: string): string {
  const query = [
    'resource.type="cloud_run_revision"',
    `resource.labels.service_name="${location.service}"`,
    `resource.labels.revision_name="${revision}"`,
  ].join('\n');
  return `${CONSOLE}/logs/query;query=${encodeURIComponent(query)}?project=${encodeURIComponent(location.project)}`;
}

/** The Cloud Run service's Metrics tab (request count, latencies, instances). */
export function serviceMetricsUrl(location: ServiceLocation): string {
  const { region, service, project } = location;
  return `${CONSOLE}/run/detail/${encodeURIComponent(region)}/${encodeURIComponent(service)}/metrics?project=${encodeURIComponent(project)}`;
}

/** Where to watch a new revision: its logs and the service's metrics (the plan card's Monitoring section). */
export const monitoringLinks = (location: ServiceLocation, revision: string): MonitoringLinks => ({
  revision,
  logs: revisionLogsUrl(location, revision),
  metrics: serviceMetricsUrl(location),
});
