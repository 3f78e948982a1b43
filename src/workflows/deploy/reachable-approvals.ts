import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';

export interface ApprovalAsk {
  what: 'Deploys' | 'Rollbacks';
  service: string;
  environment: string;
  /** User IDs, groups already resolved. */
  approvers: string[];
  required: number;
  requester: string;
}

/**
 * Refuses a request that could never be approved: fewer than `required` approvers other than the requester
 * (unless deploy.allowSelfApproval). Deploys and rollbacks both check it when asked, with groups resolved, so the
 * requester hears it at once instead of a card waiting until it expires.
 */
export function refuseUnreachableApprovals(ctx: WorkflowContext, ask: ApprovalAsk): void {
  const eligible = ask.approvers.filter((a) => a !== ask.requester || ctx.config.deploy.allowSelfApproval);
  if (eligible.length >= ask.required) return;
  throw new Refusal(
    `${ask.what} of ${ask.service} ${ask.environment} need ${ask.required} approval(s), but only ${eligible.length} approver(s) other than you can give one (${ask.approvers.map((a) => `<@${a}>`).join(', ') || 'none'}). Ask one of them to request it.`,
  );
}
