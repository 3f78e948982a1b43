import { eligibleApprovers, type ApprovalRequest } from '../../domain/approval.js';
import type { WorkflowContext } from '../context.js';
import { Refused } from '../../domain/refusals.js';

/** Approvers as user IDs: user group IDs (S…) and @handles are resolved through the chat platform. */
export async function resolveApprovers(ctx: WorkflowContext, approvers: string[]): Promise<string[]> {
  const ids = await Promise.all(
    approvers.map((a) =>
      a.startsWith('@') || a.startsWith('S') ? ctx.chat.usergroupMembers(a) : Promise.resolve([a]),
    ),
  );
  return [...new Set(ids.flat())];
}

export interface ApprovalAsk {
  /** The kind of request asked for, as the refusal names it: 'deploy', 'rollback'. */
  request: string;
  service: string;
  environment: string;
  /** User IDs, groups already resolved. */
  approvers: string[];
  required: number;
  requester: string;
}

/**
 * Refuses a request that could never be approved: fewer than `required` approvers other than the requester
 * (unless deploy.allowSelfApproval). Checked when asked, with groups resolved, so the requester hears it at once
 * instead of a card waiting until it expires.
 */
export function refuseUnreachableApprovals(ctx: WorkflowContext, ask: ApprovalAsk): void {
  const eligible = eligibleApprovers(ask.approvers, ask.requester, ctx.config.deploy.allowSelfApproval);
  if (eligible.length >= ask.required) return;
  const { requester: _, ...asked } = ask;
  throw new Refused({ kind: 'unreachable-approvals', ...asked, eligible: eligible.length });
}

/** The approval fields of a new request waiting for `required` of `approvers`, expiring after deploy.approvalExpiryMinutes. */
export function pendingApproval(
  ctx: WorkflowContext,
  ask: { requester: string; approvers: string[]; required: number; now: Date },
): Required<Omit<ApprovalRequest, 'status' | 'rejection' | 'finishedAt'>> & { status: 'pending' } {
  return {
    status: 'pending',
    requestedBy: ask.requester,
    requestedAt: ask.now.toISOString(),
    expiresAt: new Date(ask.now.getTime() + ctx.config.deploy.approvalExpiryMinutes * 60_000).toISOString(),
    approvers: ask.approvers,
    requiredApprovals: ask.required,
    approvals: [],
  };
}
