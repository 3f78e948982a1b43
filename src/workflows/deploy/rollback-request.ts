import type { CardStop } from '../../domain/deployment.js';
import { randomBytes } from 'node:crypto';
import { ROLLBACK_REQUESTS, type RollbackRequest } from '../../domain/rollback.js';
import { pendingApproval, refuseUnreachableApprovals, resolveApprovers } from '../approval/approvers.js';
import type { ApprovalKind } from '../approval/kind.js';
import {
  approveRequest,
  attachCard,
  expireRequests,
  getRequest,
  openRequest,
  rejectRequest,
  withdrawRequest,
} from '../approval/request.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { deployThatMade, planRollback } from './rollback-plan.js';
import { migrationsSince } from './migrations.js';
import { leaseFor } from '../lease.js';
import { rollbackLease } from './rollback-execute.js';
import { resolveTarget, type DeployTarget } from './target.js';

export const isRollbackRequestId = (id: string): boolean => /^rb-[0-9a-f-]{6,40}$/.test(id);

/**
 * A rollback request as an approval request. The approval that completes the set moves it to `running` under this
 * instance's lease, and only that caller sees `completed`: it runs the rollback (executeRollback in
 * rollback-execute.ts), which another instance resumes if this one stops.
 */
export const ROLLBACK_APPROVALS: ApprovalKind<RollbackRequest> = {
  name: 'rollback',
  collection: ROLLBACK_REQUESTS,
  audit: { action: 'rollback', target: 'rollback' },
  isId: isRollbackRequestId,
  complete: (r, now, ctx) => ({
    ...r,
    status: 'running',
    startedAt: now.toISOString(),
    // This instance runs it (executeRollback); if it stops, the lease runs out and the resume job takes over.
    lease: leaseFor(ctx, rollbackLease(ctx), now),
  }),
  changed: (ctx, id) => ctx.events.emit('rollback.updated', { requestId: id }),
};

/** Who approves a rollback: `rollback.approvers`, or the environment's deploy approvers when that list is empty. */
export const rollbackApprovers = (target: DeployTarget): string[] =>
  target.env.rollback.approvers.length ? target.env.rollback.approvers : target.env.approvers;

/** Whether a rollback of service/environment waits for approvers (a request) or runs at once. */
export const rollbackNeedsApproval = (ctx: WorkflowContext, service: string, environment: string): boolean =>
  resolveTarget(ctx.config, service, environment).env.rollback.requiresApproval;

export interface RollbackAsk {
  service: string;
  environment: string;
  to?: string;
  actor: string;
  reason?: string;
  via?: CardStop;
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
    request: 'rollback',
    service: ask.service,
    environment: ask.environment,
    approvers,
    required: policy.minApprovals,
    requester: ask.actor,
  });
  const now = ctx.clock.now();
  const made = await deployThatMade(ctx, target, plan.to);
  const migrations = await migrationsSince(ctx, target, made);
  const request: RollbackRequest = {
    id: `rb-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`,
    service: target.service,
    environment: target.environment,
    strategy: plan.strategy,
    ...pendingApproval(ctx, { requester: ask.actor, approvers, required: policy.minApprovals, now }),
    ...(ask.reason ? { reason: ask.reason } : {}),
    ...(ask.via ? { via: ask.via } : {}),
    ...(plan.from ? { from: plan.from } : {}),
    to: plan.to,
    ...(migrations.length ? { migrations } : {}),
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
  };
  return openRequest(ctx, ROLLBACK_APPROVALS, request, {
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
}

/** Records one approval; `completed` is true for exactly one caller, which runs the rollback. */
export async function approveRollback(
  ctx: WorkflowContext,
  id: string,
  user: string,
): Promise<{ request: RollbackRequest; completed: boolean }> {
  const { record, completed } = await approveRequest(ctx, ROLLBACK_APPROVALS, id, user);
  return { request: record, completed };
}

/** Reject: an approver, or the requester withdrawing it. No reason is asked; the audit log says who. */
export function rejectRollback(ctx: WorkflowContext, id: string, user: string): Promise<RollbackRequest> {
  return rejectRequest(ctx, ROLLBACK_APPROVALS, id, user);
}

/** A scheduled job: pending rollback requests past their window become "expired", once (compare-and-set). */
export function expireRollbackRequests(ctx: WorkflowContext, now: Date): Promise<void> {
  return expireRequests(ctx, ROLLBACK_APPROVALS, now);
}

/** Remembers where the card was posted, so every change updates it in place; one made meanwhile updates it now. */
export function attachRollbackMessage(
  ctx: WorkflowContext,
  posted: RollbackRequest,
  message: { channel: string; ts: string },
): Promise<void> {
  return attachCard(ctx, ROLLBACK_APPROVALS, posted, message);
}

/** A request whose card could not be posted is withdrawn while still pending: nobody could approve it. */
export async function withdrawRollbackRequest(ctx: WorkflowContext, id: string, reason: string): Promise<void> {
  await withdrawRequest(ctx, ROLLBACK_APPROVALS, id, reason);
}

export function getRollbackRequest(ctx: WorkflowContext, id: string): Promise<RollbackRequest | null> {
  return getRequest(ctx, ROLLBACK_APPROVALS, id);
}
