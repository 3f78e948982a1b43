import { DEPLOYMENTS, type Deployment } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { changedSince, update } from '../records.js';
import { isDeploymentId } from './approval.js';

/** The last good deploy, recent failures and the median duration of one service's deploys to one environment. */
export async function previousDeploys(ctx: WorkflowContext, service: string, environment: string): Promise<{ lastGood?: Deployment; recentFailures: number; medianSeconds?: number }> {
  const deploys = (await ctx.store.list<Deployment>(DEPLOYMENTS, { where: { service, environment }, orderBy: { field: 'requestedAt', direction: 'desc' }, limit: 30 })).map((r) => r.data);
  const weekAgo = ctx.clock.now().getTime() - 7 * 86_400_000;
  const succeeded = deploys.filter((d) => d.status === 'succeeded');
  const durations = succeeded
    .filter((d) => d.startedAt && d.finishedAt)
    .slice(0, 10)
    .map((d) => (Date.parse(d.finishedAt!) - Date.parse(d.startedAt!)) / 1000)
    .sort((a, b) => a - b);
  return {
    lastGood: succeeded[0],
    recentFailures: deploys.filter((d) => (d.status === 'failed' || d.status === 'rolled_back') && Date.parse(d.requestedAt) > weekAgo).length,
    medianSeconds: durations.length ? Math.round(durations[Math.floor(durations.length / 2)]!) : undefined,
  };
}

/** Approvers as user IDs: user group IDs and @handles are resolved through the chat platform. */
export async function resolveApprovers(ctx: WorkflowContext, approvers: string[]): Promise<string[]> {
  const ids = await Promise.all(approvers.map((a) => (a.startsWith('@') || a.startsWith('S') ? ctx.chat.usergroupMembers(a) : Promise.resolve([a]))));
  return [...new Set(ids.flat())];
}

/**
 * Remembers where the plan was posted, so every later change updates it in place. A change made between the post
 * and this (an approval or an expiry acted on as soon as the card appeared) found no message to update, so the
 * card is brought up to date now.
 */
export async function attachMessage(ctx: WorkflowContext, posted: Deployment, message: { channel: string; ts: string }): Promise<void> {
  const written = await update<Deployment>(ctx.store, DEPLOYMENTS, posted.id, (d) => ({ ...d, message }));
  if (written && changedSince(posted, written.before)) ctx.events.emit('deploy.updated', { deploymentId: posted.id });
}

export async function getDeployment(ctx: WorkflowContext, id: string): Promise<Deployment | null> {
  if (!isDeploymentId(id)) return null;
  return (await ctx.store.get<Deployment>(DEPLOYMENTS, id))?.data ?? null;
}
