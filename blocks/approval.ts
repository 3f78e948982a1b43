import type { ApprovalRequest } from '../src/domain/approval.js';
import { formatTime } from './kit.js';

/** A request's approvals against N of M: who approved and when, and while it waits, when it expires. */
export function approvalLine(r: ApprovalRequest, timeZone: string): string {
  const who =
    r.approvals.map((a) => `<@${a.user}> at ${formatTime(new Date(a.at), timeZone)}`).join(', ') || 'none yet';
  const expiry =
    r.status === 'pending' && r.expiresAt ? ` · expires ${formatTime(new Date(r.expiresAt), timeZone)}` : '';
  return `*Approval:* ${r.approvals.length} of ${r.requiredApprovals} required, from ${r.approvers.length} approver(s): ${who}${expiry}`;
}
