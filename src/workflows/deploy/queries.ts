import { DEPLOYMENTS, liveOf, type Deployment } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { changedSince, update } from '../records.js';
import { isDeploymentId } from './approval.js';
import { recentDeploysOf } from './serving.js';

/**
 * What a new plan needs to know of one service's deploys to one environment: the deploy that serves by the
 * records (what the changes are compared against), recent failures, the median duration of successful rollouts,
 * and the records themselves (newest first).
 */
export async function previousDeploys(
  ctx: WorkflowContext,
  service: string,
  environment: string,
): Promise<{ lastGood?: Deployment; recentFailures: number; medianSeconds?: number; deploys: Deployment[] }> {
  const deploys = await recentDeploysOf(ctx, service, environment);
  const weekAgo = ctx.clock.now().getTime() - 7 * 86_400_000;
  const succeeded = deploys.filter((d) => d.status === 'succeeded');
  const live = liveOf(deploys);
  // A deploy that was rolled back is not what runs: compare against what serves, else the last one that was not rolled back.
  const lastGood =
    live?.status === 'succeeded'
      ? live
      : succeeded.find((d) => !d.stoppedServing || d.stoppedServing.how === 'superseded');
  return {
    ...(lastGood ? { lastGood } : {}),
    recentFailures: deploys.filter(
      (d) => (d.status === 'failed' || d.status === 'rolled_back') && Date.parse(d.requestedAt) > weekAgo,
    ).length,
    ...medianOf(succeeded.slice(0, 10)),
    deploys,
  };
}

/** The median of the rollouts' actual durations (startedAt to finishedAt), in seconds. */
function medianOf(deploys: Deployment[]): { medianSeconds?: number } {
  const durations = deploys
    .filter((d) => d.startedAt && d.finishedAt)
    .map((d) => (Date.parse(d.finishedAt!) - Date.parse(d.startedAt!)) / 1000)
    .sort((a, b) => a - b);
  if (durations.length === 0) return {};
  const mid = Math.floor(durations.length / 2);
  const median = durations.length % 2 ? durations[mid]! : (durations[mid - 1]! + durations[mid]!) / 2;
  return { medianSeconds: Math.round(median * 10) / 10 };
}

/** Approvers as user IDs: user group IDs and @handles are resolved through the chat platform. */
export async function resolveApprovers(ctx: WorkflowContext, approvers: string[]): Promise<string[]> {
  const ids = await Promise.all(
    approvers.map((a) =>
      a.startsWith('@') || a.startsWith('S') ? ctx.chat.usergroupMembers(a) : Promise.resolve([a]),
    ),
  );
  return [...new Set(ids.flat())];
}

/**
 * Remembers where the plan was posted, so every later change updates it in place. A change made between the post
 * and this (an approval or an expiry acted on as soon as the card appeared) found no message to update, so the
 * card is brought up to date now.
 */
export async function attachMessage(
  ctx: WorkflowContext,
  posted: Deployment,
  message: { channel: string; ts: string },
): Promise<void> {
  const written = await update(ctx.store, DEPLOYMENTS, posted.id, (d) => ({ ...d, message }));
  if (written && changedSince(posted, written.before)) ctx.events.emit('deploy.updated', { deploymentId: posted.id });
}

export async function getDeployment(ctx: WorkflowContext, id: string): Promise<Deployment | null> {
  if (!isDeploymentId(id)) return null;
  return (await ctx.store.get(DEPLOYMENTS, id))?.data ?? null;
}
