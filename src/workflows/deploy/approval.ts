import { DEPLOYMENTS, type Deployment } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { Refusal, update } from '../records.js';

export const isDeploymentId = (id: string): boolean => /^d-[0-9a-f-]{6,40}$/.test(id);

const STATUS_WORDS: Record<string, string> = {
  approved: 'already approved',
  running: 'already rolling out',
  succeeded: 'finished',
  failed: 'finished',
  rolled_back: 'finished',
  rejected: 'rejected',
  expired: 'expired',
};

/**
 * Records one approval. Concurrent clicks, double clicks and Slack retries serialise on the record's
 * version, so the approval that completes the set is seen by exactly one caller: `completed` is true for it.
 */
export async function approve(
  ctx: WorkflowContext,
  id: string,
  user: string,
): Promise<{ deployment: Deployment; completed: boolean }> {
  if (!isDeploymentId(id)) throw new Refusal('This button does not belong to a deploy the bot knows.');
  const now = ctx.clock.now();
  const result = await update(ctx.store, DEPLOYMENTS, id, (d) => {
    if (d.status !== 'pending')
      throw new Refusal(`This deploy is ${STATUS_WORDS[d.status] ?? d.status}; nothing to approve.`);
    if (d.expiresAt && Date.parse(d.expiresAt) <= now.getTime())
      throw new Refusal('This deploy request has expired. Request it again with /deploy.');
    if (!d.approvers.includes(user))
      throw new Refusal(
        `You are not an approver for ${d.service} ${d.environment}. Approvers: ${d.approvers.map((a) => `<@${a}>`).join(', ') || 'none configured'}.`,
      );
    if (user === d.requestedBy && !ctx.config.deploy.allowSelfApproval)
      throw new Refusal('You requested this deploy, so someone else has to approve it.');
    if (d.approvals.some((a) => a.user === user))
      throw new Refusal('You have already approved this deploy; your approval counts once.');
    d.approvals.push({ user, at: now.toISOString() });
    if (d.approvals.length >= d.requiredApprovals) d.status = 'approved';
    return d;
  });
  if (!result) throw new Refusal('This deploy no longer exists.');
  const deployment = result.after.data;
  const completed = result.before.status === 'pending' && deployment.status === 'approved';
  await ctx.store.appendAudit({
    actor: user,
    action: 'deploy.approve',
    target: `deployment:${id}`,
    details: { approvals: deployment.approvals.length, required: deployment.requiredApprovals, completed },
  });
  ctx.events.emit('deploy.updated', { deploymentId: id });
  return { deployment, completed };
}

export async function reject(ctx: WorkflowContext, id: string, user: string, reason: string): Promise<Deployment> {
  if (!isDeploymentId(id)) throw new Refusal('This button does not belong to a deploy the bot knows.');
  const now = ctx.clock.now();
  const result = await update(ctx.store, DEPLOYMENTS, id, (d) => {
    if (d.status !== 'pending')
      throw new Refusal(`This deploy is ${STATUS_WORDS[d.status] ?? d.status}; it can no longer be rejected.`);
    if (!d.approvers.includes(user) && user !== d.requestedBy)
      throw new Refusal('Only an approver, or the person who requested it, can reject this deploy.');
    d.status = 'rejected';
    d.rejection = { user, at: now.toISOString(), reason };
    d.finishedAt = now.toISOString();
    return d;
  });
  if (!result) throw new Refusal('This deploy no longer exists.');
  await ctx.store.appendAudit({
    actor: user,
    action: 'deploy.reject',
    target: `deployment:${id}`,
    details: { reason },
  });
  ctx.events.emit('deploy.updated', { deploymentId: id });
  return result.after.data;
}

/** A scheduled job: pending deploys past their window become "expired", once. */
export async function expirePending(ctx: WorkflowContext, now: Date): Promise<void> {
  const pending = await ctx.store.list(DEPLOYMENTS, { where: { status: 'pending' } });
  for (const record of pending) {
    if (!record.data.expiresAt || Date.parse(record.data.expiresAt) > now.getTime()) continue;
    const written = await ctx.store.compareAndSet(DEPLOYMENTS, record.id, record.version, {
      ...record.data,
      status: 'expired',
      finishedAt: now.toISOString(),
    });
    if (!written) continue; // someone approved, rejected or expired it meanwhile
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'deploy.expire',
      target: `deployment:${record.id}`,
      details: { expiresAt: record.data.expiresAt },
    });
    ctx.events.emit('deploy.updated', { deploymentId: record.id });
  }
}

/**
 * A deploy whose plan could not be shown (Slack failed) is withdrawn: nobody could approve, follow or stop it,
 * and an approved one must not roll out unseen. Only while no rollout holds it; false when one already began.
 */
export async function withdrawDeploy(ctx: WorkflowContext, id: string, reason: string): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const record = await ctx.store.get(DEPLOYMENTS, id);
    if (!record) return true;
    const d = record.data;
    if (d.status !== 'pending' && !(d.status === 'approved' && !d.lease)) return false;
    if (!(await ctx.store.delete(DEPLOYMENTS, id, record.version))) continue; // changed meanwhile: look again
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'deploy.withdraw',
      target: `deployment:${id}`,
      details: { reason },
    });
    return true;
  }
  return false;
}
