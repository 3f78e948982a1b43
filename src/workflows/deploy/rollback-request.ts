import { randomBytes } from 'node:crypto';
import { DEPLOYMENTS, type Deployment } from '../../domain/deployment.js';
import { ROLLBACK_REQUESTS, type RollbackRequest } from '../../domain/rollback.js';
import type { WorkflowContext } from '../context.js';
import { Refusal, changedSince, update } from '../records.js';
import { resolveApprovers } from './queries.js';
import { planRollback } from './rollback.js';
import { refuseUnreachableApprovals } from './reachable-approvals.js';
import { leaseMs } from './runner.js';
import { resolveTarget, type DeployTarget } from './target.js';

export const isRollbackRequestId = (id: string): boolean => /^rb-[0-9a-f-]{6,40}$/.test(id);

const STATUS_WORDS: Record<string, string> = {
  running: 'already approved and rolling back',
  succeeded: 'done',
  failed: 'finished (it failed)',
  rejected: 'rejected',
  expired: 'expired',
};

/** Who approves a rollback: `rollback.approvers`, or the environment's deploy approvers when that list is empty. */
export const rollbackApprovers = (target: DeployTarget): string[] =>
  target.env.rollback.approvers.length ? target.env.rollback.approvers : target.env.approvers;

export interface RollbackAsk {
  service: string;
  environment: string;
  to?: string;
  actor: string;
  reason?: string;
  via?: 'incident-card';
  /** The revision the asker saw serving (a card's button): refused when another serves now. */
  expectFrom?: string;
}

/**
 * Records a rollback waiting for approval: where it goes is read now, so approvers approve what the card shows.
 * Anyone may ask; the approvers decide. Refused when the approvers (minus the requester, unless self-approval is
 * allowed) could never reach `minApprovals`.
 */
export async function requestRollback(ctx: WorkflowContext, ask: RollbackAsk): Promise<RollbackRequest> {
  const target = resolveTarget(ctx.config, ask.service, ask.environment);
  const policy = target.env.rollback;
  if (!policy.requiresApproval)
    throw new Refusal(
      `Rollbacks of ${ask.service} ${ask.environment} need no approval; run /rollback ${ask.service} ${ask.environment}.`,
    );
  const [plan, approvers] = await Promise.all([
    planRollback(ctx, target, ask.to, undefined, ask.expectFrom),
    resolveApprovers(ctx, rollbackApprovers(target)),
  ]);
  refuseUnreachableApprovals(ctx, {
    what: 'Rollbacks',
    service: ask.service,
    environment: ask.environment,
    approvers,
    required: policy.minApprovals,
    requester: ask.actor,
  });
  const now = ctx.clock.now();
  const made = await deployThatMade(ctx, target, plan.to);
  const request: RollbackRequest = {
    id: `rb-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`,
    service: target.service,
    environment: target.environment,
    strategy: plan.strategy,
    status: 'pending',
    requestedBy: ask.actor,
    requestedAt: now.toISOString(),
    ...(ask.reason ? { reason: ask.reason } : {}),
    ...(ask.via ? { via: ask.via } : {}),
    expiresAt: new Date(now.getTime() + ctx.config.deploy.approvalExpiryMinutes * 60_000).toISOString(),
    ...(plan.from ? { from: plan.from } : {}),
    to: plan.to,
    ...(made
      ? {
          targetDeploy: {
            id: made.id,
            sha: made.sha,
            ref: made.ref,
            requestedBy: made.requestedBy,
            ...(made.finishedAt ? { finishedAt: made.finishedAt } : {}),
          },
        }
      : {}),
    approvers,
    requiredApprovals: policy.minApprovals,
    approvals: [],
  };
  if (!(await ctx.store.create(ROLLBACK_REQUESTS, request.id, request)))
    throw new Error(`rollback request ${request.id} exists already`);
  await ctx.store.appendAudit({
    actor: ask.actor,
    action: 'rollback.request',
    target: `rollback:${request.id}`,
    details: {
      service: request.service,
      environment: request.environment,
      from: request.from ?? null,
      to: request.to,
      required: request.requiredApprovals,
      reason: request.reason ?? null,
    },
  });
  return request;
}

/** The bot's deploy that made a revision (cloud-run) or deployed a ref (github-actions). */
async function deployThatMade(ctx: WorkflowContext, target: DeployTarget, to: string): Promise<Deployment | undefined> {
  const deploys = await ctx.store.list(DEPLOYMENTS, {
    where: { service: target.service, environment: target.environment },
    orderBy: { field: 'requestedAt', direction: 'desc' },
    limit: 30,
  });
  return deploys.map((r) => r.data).find((d) => d.revision === to || d.sha === to);
}

/**
 * Records one approval. Clicks serialise on the record's version; the approval that completes the set moves it
 * to `running` under this instance's lease, and only that caller sees `completed`: it runs the rollback
 * (executeRollback in rollback-execute.ts), which another instance resumes if this one stops.
 */
export async function approveRollback(
  ctx: WorkflowContext,
  id: string,
  user: string,
): Promise<{ request: RollbackRequest; completed: boolean }> {
  if (!isRollbackRequestId(id)) throw new Refusal('This button does not belong to a rollback request the bot knows.');
  const now = ctx.clock.now();
  const result = await update(ctx.store, ROLLBACK_REQUESTS, id, (r) => {
    if (r.status !== 'pending')
      throw new Refusal(`This rollback is ${STATUS_WORDS[r.status] ?? r.status}; nothing to approve.`);
    if (Date.parse(r.expiresAt) <= now.getTime())
      throw new Refusal(
        `This rollback request has expired. Request it again with /rollback ${r.service} ${r.environment}.`,
      );
    if (!r.approvers.includes(user))
      throw new Refusal(
        `You are not an approver for rollbacks of ${r.service} ${r.environment}. Approvers: ${r.approvers.map((a) => `<@${a}>`).join(', ') || 'none configured'}.`,
      );
    if (user === r.requestedBy && !ctx.config.deploy.allowSelfApproval)
      throw new Refusal('You requested this rollback, so someone else has to approve it.');
    if (r.approvals.some((a) => a.user === user))
      throw new Refusal('You have already approved this rollback; your approval counts once.');
    r.approvals.push({ user, at: now.toISOString() });
    if (r.approvals.length >= r.requiredApprovals) {
      r.status = 'running';
      r.startedAt = now.toISOString();
      // This instance runs it (executeRollback); if it stops, the lease runs out and the resume job takes over.
      r.lease = { owner: ctx.instanceId, until: new Date(now.getTime() + leaseMs(ctx)).toISOString() };
    }
    return r;
  });
  if (!result) throw new Refusal('This rollback request no longer exists.');
  const request = result.after.data;
  const completed = result.before.status === 'pending' && request.status === 'running';
  await ctx.store.appendAudit({
    actor: user,
    action: 'rollback.approve',
    target: `rollback:${id}`,
    details: { approvals: request.approvals.length, required: request.requiredApprovals, completed },
  });
  ctx.events.emit('rollback.updated', { requestId: id });
  return { request, completed };
}

/** Reject: an approver, or the requester withdrawing it. No reason is asked; the audit log says who. */
export async function rejectRollback(ctx: WorkflowContext, id: string, user: string): Promise<RollbackRequest> {
  if (!isRollbackRequestId(id)) throw new Refusal('This button does not belong to a rollback request the bot knows.');
  const now = ctx.clock.now().toISOString();
  const result = await update(ctx.store, ROLLBACK_REQUESTS, id, (r): RollbackRequest => {
    if (r.status !== 'pending')
      throw new Refusal(`This rollback is ${STATUS_WORDS[r.status] ?? r.status}; it can no longer be rejected.`);
    if (!r.approvers.includes(user) && user !== r.requestedBy)
      throw new Refusal('Only an approver, or the person who requested it, can reject this rollback.');
    return { ...r, status: 'rejected', rejection: { user, at: now }, finishedAt: now };
  });
  if (!result) throw new Refusal('This rollback request no longer exists.');
  await ctx.store.appendAudit({
    actor: user,
    action: 'rollback.reject',
    target: `rollback:${id}`,
    details: { by: user === result.after.data.requestedBy ? 'requester' : 'approver' },
  });
  ctx.events.emit('rollback.updated', { requestId: id });
  return result.after.data;
}

/** A scheduled job: pending rollback requests past their window become "expired", once (compare-and-set). */
export async function expireRollbackRequests(ctx: WorkflowContext, now: Date): Promise<void> {
  const pending = await ctx.store.list(ROLLBACK_REQUESTS, { where: { status: 'pending' } });
  for (const record of pending) {
    if (Date.parse(record.data.expiresAt) > now.getTime()) continue;
    const written = await ctx.store.compareAndSet(ROLLBACK_REQUESTS, record.id, record.version, {
      ...record.data,
      status: 'expired',
      finishedAt: now.toISOString(),
    });
    if (!written) continue; // approved, rejected or expired meanwhile
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'rollback.expire',
      target: `rollback:${record.id}`,
      details: { expiresAt: record.data.expiresAt },
    });
    ctx.events.emit('rollback.updated', { requestId: record.id });
  }
}

/** Remembers where the card was posted, so every change updates it in place; one made meanwhile updates it now. */
export async function attachRollbackMessage(
  ctx: WorkflowContext,
  posted: RollbackRequest,
  message: { channel: string; ts: string },
): Promise<void> {
  const written = await update(ctx.store, ROLLBACK_REQUESTS, posted.id, (r) => ({ ...r, message }));
  if (written && changedSince(posted, written.before)) ctx.events.emit('rollback.updated', { requestId: posted.id });
}

/** A request whose card could not be posted is withdrawn while still pending: nobody could approve it. */
export async function withdrawRollbackRequest(ctx: WorkflowContext, id: string, reason: string): Promise<void> {
  const record = await ctx.store.get(ROLLBACK_REQUESTS, id);
  if (record?.data.status !== 'pending' || !(await ctx.store.delete(ROLLBACK_REQUESTS, id, record.version))) return;
  await ctx.store.appendAudit({
    actor: 'system',
    action: 'rollback.withdraw',
    target: `rollback:${id}`,
    details: { reason },
  });
}

export async function getRollbackRequest(ctx: WorkflowContext, id: string): Promise<RollbackRequest | null> {
  if (!isRollbackRequestId(id)) return null;
  return (await ctx.store.get(ROLLBACK_REQUESTS, id))?.data ?? null;
}
