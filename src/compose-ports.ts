import { createCostSource } from './adapters/billing/index.js';
import { svgToPng } from './adapters/chart/png.js';
import { createCloudRunPlatform } from './adapters/cloud-run/index.js';
import { createCloudRunJobs } from './adapters/cloud-run/jobs.js';
import { createFirestoreBackups } from './adapters/firestore-admin/index.js';
import { createGitHubSourceControl } from './adapters/github/index.js';
import { googleCredentialsFor } from './adapters/google-auth.js';
import { createHealthProbe } from './adapters/http/health-probe.js';
import { createMonitoringSource } from './adapters/monitoring/index.js';
import { createSecuritySources } from './adapters/security-sources.js';
import type { VendorClients } from './adapters/shared/vendor-clients.js';
import { createAuditPublisher } from './adapters/slack/audit-publisher.js';
import { createChartPoster } from './adapters/slack/chart-poster.js';
import { createCostPublisher } from './adapters/slack/cost-publisher.js';
import { createSlackChat } from './adapters/slack/slack-chat.js';
import type { JobEndpointAuth, Settings } from './config/env.js';
import type { Config } from './config/schema.js';
import type { WorkflowContext } from './workflows/context.js';

type SlackClient = Parameters<typeof createSlackChat>[0];

/** The ports every workflow uses, built from settings; what is not the adapters' (store, clock, events) bot.ts adds. */
export type Ports = Pick<
  WorkflowContext,
  | 'runtime'
  | 'sourceControl'
  | 'chat'
  | 'costSource'
  | 'costPublisher'
  | 'probe'
  | 'jobs'
  | 'backups'
  | 'security'
  | 'auditPublisher'
  | 'metrics'
  | 'charts'
>;

/**
 * A user waits on these calls: a few seconds per call and one retry, so a hung backend is reported in ~20 s, not
 * minutes. A client is warmed before ready (`vendorClients`) when the config uses it; the others load on first use.
 */
export function createPorts(
  settings: Settings,
  config: Config,
  slack: SlackClient,
  vendorClients: VendorClients,
  jobEndpoints: JobEndpointAuth[],
): Ports & { close(): Promise<void> } {
  const calls = { timeoutMs: 8000, retry: { attempts: 2 } };
  const google = (endpoint: string | undefined) => ({
    endpoint,
    credentials: googleCredentialsFor(endpoint),
    projectId: settings.googleCloudProject,
  });
  const warmIf = (used: boolean) => (used ? vendorClients : undefined);
  const rollouts = Object.values(config.services).flatMap((s) => [
    s.rollout,
    ...Object.values(s.environments).map((e) => e.rollout ?? {}),
  ]);
  const runtime = createCloudRunPlatform({ ...google(settings.cloudRun.endpoint), ...calls, vendorClients });
  const ports = {
    runtime,
    sourceControl: createGitHubSourceControl({
      token: settings.github.token,
      baseUrl: settings.github.apiUrl,
      ...calls,
      vendorClients,
    }),
    chat: createSlackChat(slack),
    costSource: createCostSource(
      config.cost.source,
      settings.cost,
      googleCredentialsFor(settings.cost.bigqueryEndpoint),
      vendorClients,
    ),
    costPublisher: createCostPublisher(slack, svgToPng),
    probe: createHealthProbe(),
    jobs: createCloudRunJobs({
      ...google(settings.cloudRun.endpoint),
      ...calls,
      vendorClients: warmIf(rollouts.some((r) => (r.preDeploy ?? []).length > 0)),
    }),
    backups: createFirestoreBackups({
      endpoint: settings.backup.adminEndpoint,
      credentials: googleCredentialsFor(settings.backup.adminEndpoint),
      vendorClients: warmIf(config.backup !== undefined),
    }),
    security: createSecuritySources(settings, runtime.clients, jobEndpoints),
    auditPublisher: createAuditPublisher(slack, config.timezone),
    metrics: createMonitoringSource({
      ...google(settings.monitoring.endpoint),
      ...calls,
      vendorClients: warmIf(rollouts.some((r) => r.analysis !== undefined)),
    }),
    charts: createChartPoster(slack, svgToPng),
  };
  return {
    ...ports,
    close: async () => {
      await Promise.all([
        runtime.close(),
        ports.costSource.close(),
        ports.jobs.close(),
        ports.backups.close(),
        ports.security.close(),
        ports.metrics.close(),
      ]);
    },
  };
}
