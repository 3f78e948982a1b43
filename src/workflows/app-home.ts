import { approveRefusal } from '../domain/approval.js';
import { DEPLOYMENTS, type Deployment, type DeploymentStatus } from '../domain/deployment.js';
import type { LiveState } from '../domain/live.js';
import type { DeployLock } from '../domain/lock.js';
import type { WorkflowContext } from './context.js';
import { liveLocks } from './deploy-locks.js';
import { liveState, recentDeploysOf } from './deploy/serving.js';

export interface LinkedDeployment {
  deployment: Deployment;
  /** The plan message in Slack, when it could be resolved. */
  link?: string;
}

/** What a user's App Home shows about deploys. */
export interface HomeSummary {
  /** Pending deploys this user may approve and has not: oldest expiry first. */
  awaitingMe: LinkedDeployment[];
  /** Approved or running deploys: the newest first. */
  inFlight: LinkedDeployment[];
  locks: DeployLock[];
  /** What serves each service and environment by the bot's records (Cloud Run is not read on every opening). */
  live: LiveState[];
  now: Date;
}

/** Every part is read in parallel; links are best effort (a missing link never hides a deploy). */
export async function homeSummary(ctx: WorkflowContext, userId: string): Promise<HomeSummary> {
  const now = ctx.clock.now();
  const byStatus = (status: DeploymentStatus) =>
    ctx.store.list(DEPLOYMENTS, { where: { status } }).then((records) => records.map((r) => r.data));
  const [pending, approved, running, locks, live] = await Promise.all([
    byStatus('pending'),
    byStatus('approved'),
    byStatus('running'),
    liveLocks(ctx, now),
    liveEverywhere(ctx),
  ]);
  const awaiting = pending
    .filter((d) => approveRefusal(d, userId, now, ctx.config.deploy.allowSelfApproval) === undefined)
    .sort((a, b) => (a.expiresAt ?? '').localeCompare(b.expiresAt ?? ''));
  const inFlight = [...approved, ...running].sort((a, b) => b.requestedAt.localeCompare(a.requestedAt));
  const [awaitingMe, inFlightLinked] = await Promise.all([withLinks(ctx, awaiting), withLinks(ctx, inFlight)]);
  return { awaitingMe, inFlight: inFlightLinked, locks, live, now };
}

/** Every configured service and environment that a deploy of the bot ever reached. */
async function liveEverywhere(ctx: WorkflowContext): Promise<LiveState[]> {
  const pairs = Object.entries(ctx.config.services).flatMap(([service, config]) =>
    Object.keys(config.environments).map((environment) => ({ service, environment })),
  );
  const states = await Promise.all(
    pairs.map(async ({ service, environment }) =>
      liveState(service, environment, await recentDeploysOf(ctx, service, environment)),
    ),
  );
  return states.filter((s) => s.last);
}

/** At most this many of each list get a permalink (one Slack call each); the rest are listed without. */
const MAX_LINKS = 15;

async function withLinks(ctx: WorkflowContext, deployments: Deployment[]): Promise<LinkedDeployment[]> {
  return Promise.all(
    deployments.map(async (deployment, i) => {
      if (!deployment.message || i >= MAX_LINKS) return { deployment };
      const link = await ctx.chat
        .permalink(deployment.message.channel, deployment.message.ts)
        .catch((error: unknown) => {
          ctx.log.warn({ err: error, deploymentId: deployment.id }, 'no permalink for the plan message');
          return undefined;
        });
      return link ? { deployment, link } : { deployment };
    }),
  );
}
