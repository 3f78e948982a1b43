import { addDays, dayInZone, type Anomaly, type CostRow, type LinedUpDeploy } from '../../domain/cost.js';
import { DEPLOYMENTS, type Deployment, type DeploymentStatus } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';

/** Deploys that changed what runs: the others never reached Cloud Run. */
const ROLLED_OUT: ReadonlySet<DeploymentStatus> = new Set(['running', 'succeeded', 'failed', 'rolled_back']);
/** How many recent deploys per service and environment are looked at. */
const HISTORY = 100;

/**
 * Fills each anomaly's `deploys`: deploys that rolled out on the anomaly's first day or the day before,
 * to a Cloud Run service in a project that had that cost. A store failure leaves the lists empty and is
 * logged: the report matters more than this line.
 */
export async function lineUpDeploys(ctx: WorkflowContext, anomalies: Anomaly[], rows: CostRow[]): Promise<void> {
  if (anomalies.length === 0) return;
  let deploys: { deploy: Deployment; project: string; day: string }[];
  try {
    deploys = await recentDeploys(ctx);
  } catch (error) {
    ctx.log.warn({ err: error }, 'cost report: could not read the deploy history; anomalies are shown without deploys');
    return;
  }
  for (const anomaly of anomalies) {
    const projects = new Set(
      rows
        .filter((r) => r.service === anomaly.service && r.day >= anomaly.from && r.day <= anomaly.to && r.cost > 0)
        .map((r) => r.project),
    );
    const unknownProject = projects.size === 0 || projects.has('');
    const window = { from: addDays(anomaly.from, -1), to: anomaly.from };
    anomaly.deploys = deploys
      .filter(({ project, day }) => day >= window.from && day <= window.to && (unknownProject || projects.has(project)))
      .map(({ deploy }) => lined(deploy))
      .sort((a, b) => a.at.localeCompare(b.at));
  }
}

async function recentDeploys(ctx: WorkflowContext): Promise<{ deploy: Deployment; project: string; day: string }[]> {
  const targets = Object.entries(ctx.config.services).flatMap(([service, config]) =>
    Object.entries(config.environments).map(([environment, env]) => ({
      service,
      environment,
      project: env.cloudRun?.project ?? config.cloudRun.project,
    })),
  );
  const lists = await Promise.all(
    targets.map(async (t) => {
      const records = await ctx.store.list(DEPLOYMENTS, {
        where: { service: t.service, environment: t.environment },
        orderBy: { field: 'requestedAt', direction: 'desc' },
        limit: HISTORY,
      });
      return records
        .map((r) => r.data)
        .filter((d) => ROLLED_OUT.has(d.status))
        .map((deploy) => ({
          deploy,
          project: t.project,
          day: dayInZone(new Date(rolledOutAt(deploy)), ctx.config.timezone),
        }));
    }),
  );
  return lists.flat();
}

const rolledOutAt = (d: Deployment): string => d.startedAt ?? d.requestedAt;

function lined(d: Deployment): LinedUpDeploy {
  return {
    id: d.id,
    service: d.service,
    environment: d.environment,
    sha: d.sha,
    requestedBy: d.requestedBy,
    at: rolledOutAt(d),
    status: d.status,
  };
}
