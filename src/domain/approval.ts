/**
 * The approval part of a record that waits for N of M approvers: a deploy plan, a rollback request, and whatever
 * else needs a second pair of eyes (restores, promotions). The record keeps these fields at its top level; the
 * approval model (src/workflows/approval/) is the only code that changes them.
 */
export interface Approval {
  user: string;
  /** ISO 8601; records hold JSON, so times are strings. */
  at: string;
}

export interface Rejection {
  user: string;
  at: string;
  /** Asked for where the kind asks for one (a deploy's Reject opens a modal). */
  reason?: string;
}

export interface ApprovalRequest {
  /** `pending` while it waits; the approval that completes the set moves it on (the kind says where). */
  status: string;
  requestedBy: string;
  requestedAt: string;
  /** When a pending request's window closes; none: it never expires. */
  expiresAt?: string;
  /** The user IDs who may approve (user groups resolved when it was requested). */
  approvers: string[];
  requiredApprovals: number;
  approvals: Approval[];
  rejection?: Rejection;
  finishedAt?: string;
}

/** Why a user may not approve: the first rule that refuses, in this order. */
export type ApproveRefusal = 'closed' | 'expired' | 'not-approver' | 'own-request' | 'already-approved';
/** Why a user may not reject. */
export type RejectRefusal = 'closed' | 'may-not-reject';

export const isPending = (r: ApprovalRequest): boolean => r.status === 'pending';

export const hasExpired = (r: ApprovalRequest, now: Date): boolean =>
  r.expiresAt !== undefined && Date.parse(r.expiresAt) <= now.getTime();

/**
 * The approval rule: an approver, on a request still open and not expired, who is not its requester (unless
 * self-approval is allowed) and has not approved it yet.
 */
export function approveRefusal(
  r: ApprovalRequest,
  user: string,
  now: Date,
  allowSelfApproval: boolean,
): ApproveRefusal | undefined {
  if (!isPending(r)) return 'closed';
  if (hasExpired(r, now)) return 'expired';
  if (!r.approvers.includes(user)) return 'not-approver';
  if (user === r.requestedBy && !allowSelfApproval) return 'own-request';
  if (r.approvals.some((a) => a.user === user)) return 'already-approved';
  return undefined;
}

/** The reject rule: an approver, or the requester withdrawing it, while it is still open. */
export function rejectRefusal(r: ApprovalRequest, user: string): RejectRefusal | undefined {
  if (!isPending(r)) return 'closed';
  if (!r.approvers.includes(user) && user !== r.requestedBy) return 'may-not-reject';
  return undefined;
}

/** The approvers whose approval can count on a request by `requester`. */
export const eligibleApprovers = (approvers: string[], requester: string, allowSelfApproval: boolean): string[] =>
  approvers.filter((a) => a !== requester || allowSelfApproval);
