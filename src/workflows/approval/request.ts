import {
  approveRefusal,
  hasExpired,
  isPending,
  rejectRefusal,
  type ApproveRefusal,
  type RejectRefusal,
} from '../../domain/approval.js';
import { Refused, type UnknownRequest } from '../../domain/refusals.js';
import type { AuditEventInput } from '../../ports/store.js';
import type { WorkflowContext } from '../context.js';
import { changedSince, update } from '../records.js';
import type { ApprovalKind, ApprovalRecord } from './kind.js';

/** Records a new request (create-if-absent) and audits it with the caller's entry. */
export async function openRequest<T extends ApprovalRecord>(
  ctx: WorkflowContext,
  kind: ApprovalKind<T>,
  record: T,
  entry: AuditEventInput,
): Promise<T> {
  if (!(await ctx.store.create(kind.collection, record.id, record)))
    throw new Error(`${kind.collection.name}/${record.id} exists already`);
  await ctx.store.appendAudit(entry);
  return record;
}

/**
 * Records one approval. Concurrent clicks, double clicks and Slack retries serialise on the record's version, so
 * the approval that completes the set is seen by exactly one caller: `completed` is true for it.
 */
export async function approveRequest<T extends ApprovalRecord>(
  ctx: WorkflowContext,
  kind: ApprovalKind<T>,
  id: string,
  user: string,
): Promise<{ record: T; completed: boolean }> {
  if (!kind.isId(id)) throw unknown(kind, 'foreign-id');
  const now = ctx.clock.now();
  const result = await update<T>(ctx.store, kind.collection, id, (r) => {
    const refused = approveRefusal(r, user, now, ctx.config.deploy.allowSelfApproval);
    if (refused) throw refusal(kind, 'approve', refused, r);
    r.approvals.push({ user, at: now.toISOString() });
    return r.approvals.length >= r.requiredApprovals ? kind.complete(r, now, ctx) : r;
  });
  if (!result) throw unknown(kind, 'gone');
  const record = result.after.data;
  const completed = isPending(result.before) && !isPending(record);
  await ctx.store.appendAudit({
    actor: user,
    action: `${kind.audit.action}.approve`,
    target: `${kind.audit.target}:${id}`,
    details: { approvals: record.approvals.length, required: record.requiredApprovals, completed },
  });
  kind.changed(ctx, id);
  return { record, completed };
}

/** Rejects an open request: an approver, or the requester withdrawing it; with the reason where the kind asks one. */
export async function rejectRequest<T extends ApprovalRecord>(
  ctx: WorkflowContext,
  kind: ApprovalKind<T>,
  id: string,
  user: string,
  reason?: string,
): Promise<T> {
  if (!kind.isId(id)) throw unknown(kind, 'foreign-id');
  const at = ctx.clock.now().toISOString();
  const result = await update<T>(ctx.store, kind.collection, id, (r) => {
    const refused = rejectRefusal(r, user);
    if (refused) throw refusal(kind, 'reject', refused, r);
    return {
      ...r,
      status: 'rejected',
      rejection: { user, at, ...(reason !== undefined ? { reason } : {}) },
      finishedAt: at,
    };
  });
  if (!result) throw unknown(kind, 'gone');
  const record = result.after.data;
  await ctx.store.appendAudit({
    actor: user,
    action: `${kind.audit.action}.reject`,
    target: `${kind.audit.target}:${id}`,
    details: {
      by: user === record.requestedBy ? 'requester' : 'approver',
      ...(reason !== undefined ? { reason } : {}),
    },
  });
  kind.changed(ctx, id);
  return record;
}

/**
 * Whether `user` may reject the request now, asked before the reason is (a modal must open within Slack's
 * 3 s): the record, or a Refusal. The reject itself decides again, inside its compare-and-set.
 */
export async function rejectableRequest<T extends ApprovalRecord>(
  ctx: WorkflowContext,
  kind: ApprovalKind<T>,
  id: string,
  user: string,
): Promise<T> {
  const record = await getRequest(ctx, kind, id);
  const refused = record ? rejectRefusal(record, user) : 'closed';
  if (!record || refused === 'closed') throw unknown(kind, 'not-waiting');
  if (refused) throw refusal(kind, 'reject', refused, record);
  return record;
}

/** The ticker's job: open requests past their window become `expired`, once (compare-and-set), and audited. */
export async function expireRequests<T extends ApprovalRecord>(
  ctx: WorkflowContext,
  kind: ApprovalKind<T>,
  now: Date,
): Promise<void> {
  const pending = await ctx.store.list<T>(kind.collection, { where: { status: 'pending' } });
  for (const record of pending) {
    if (!hasExpired(record.data, now)) continue;
    const written = await ctx.store.compareAndSet(kind.collection, record.id, record.version, {
      ...record.data,
      status: 'expired',
      finishedAt: now.toISOString(),
    });
    if (!written) continue; // approved, rejected or expired meanwhile
    await ctx.store.appendAudit({
      actor: 'system',
      action: `${kind.audit.action}.expire`,
      target: `${kind.audit.target}:${record.id}`,
      details: { expiresAt: record.data.expiresAt },
    });
    kind.changed(ctx, record.id);
  }
}

/**
 * A request whose card could not be posted is withdrawn (deleted, audited): nobody could approve it. Only while
 * `withdrawable` (by default: still open); false when it is not. True when it is gone.
 */
export async function withdrawRequest<T extends ApprovalRecord>(
  ctx: WorkflowContext,
  kind: ApprovalKind<T>,
  id: string,
  reason: string,
  withdrawable: (record: T) => boolean = isPending,
): Promise<boolean> {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const record = await ctx.store.get<T>(kind.collection, id);
    if (!record) return true;
    if (!withdrawable(record.data)) return false;
    if (!(await ctx.store.delete(kind.collection, id, record.version))) continue; // changed meanwhile: look again
    await ctx.store.appendAudit({
      actor: 'system',
      action: `${kind.audit.action}.withdraw`,
      target: `${kind.audit.target}:${id}`,
      details: { reason },
    });
    return true;
  }
  return false;
}

/** Remembers where the card was posted, so every change updates it in place; one made meanwhile updates it now. */
export async function attachCard<T extends ApprovalRecord>(
  ctx: WorkflowContext,
  kind: ApprovalKind<T>,
  posted: T,
  message: { channel: string; ts: string },
): Promise<void> {
  const written = await update<T>(ctx.store, kind.collection, posted.id, (r) => ({ ...r, message }));
  if (written && changedSince(posted, written.before)) kind.changed(ctx, posted.id);
}

export async function getRequest<T extends ApprovalRecord>(
  ctx: WorkflowContext,
  kind: ApprovalKind<T>,
  id: string,
): Promise<T | null> {
  if (!kind.isId(id)) return null;
  return (await ctx.store.get<T>(kind.collection, id))?.data ?? null;
}

const unknown = <T extends ApprovalRecord>(kind: ApprovalKind<T>, why: UnknownRequest): Refused =>
  new Refused({ kind: 'unknown-request', request: kind.name, why });

const refusal = <T extends ApprovalRecord>(
  kind: ApprovalKind<T>,
  to: 'approve' | 'reject',
  why: ApproveRefusal | RejectRefusal,
  record: T,
): Refused => new Refused({ kind: 'approval-refused', request: kind.name, to, why, record });
