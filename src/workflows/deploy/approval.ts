import { DEPLOYMENTS, type Deployment } from '../../domain/deployment.js';
import type { ApprovalKind } from '../approval/kind.js';
import {
  approveRequest,
  expireRequests,
  rejectableRequest,
  rejectRequest,
  withdrawRequest,
} from '../approval/request.js';
import type { WorkflowContext } from '../context.js';

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

/** A deploy plan as an approval request: the approval that completes the set approves it for its rollout. */
export const DEPLOY_APPROVALS: ApprovalKind<Deployment> = {
  collection: DEPLOYMENTS,
  audit: { action: 'deploy', target: 'deployment' },
  isId: isDeploymentId,
  complete: (d) => ({ ...d, status: 'approved' }),
  changed: (ctx, id) => ctx.events.emit('deploy.updated', { deploymentId: id }),
  words: {
    unknown: (why) =>
      ({
        'foreign-id': 'This button does not belong to a deploy the bot knows.',
        gone: 'This deploy no longer exists.',
        'not-waiting': 'This deploy is no longer waiting for approval.',
      })[why],
    refused: (to, why, d) => {
      switch (why) {
        case 'closed':
          return `This deploy is ${STATUS_WORDS[d.status] ?? d.status}; ${to === 'approve' ? 'nothing to approve' : 'it can no longer be rejected'}.`;
        case 'expired':
          return 'This deploy request has expired. Request it again with /deploy.';
        case 'not-approver':
          return `You are not an approver for ${d.service} ${d.environment}. Approvers: ${d.approvers.map((a) => `<@${a}>`).join(', ') || 'none configured'}.`;
        case 'own-request':
          return 'You requested this deploy, so someone else has to approve it.';
        case 'already-approved':
          return 'You have already approved this deploy; your approval counts once.';
        case 'may-not-reject':
          return 'Only an approver, or the person who requested it, can reject this deploy.';
      }
    },
  },
};

/** Records one approval; `completed` is true for exactly one caller, the one whose approval completed the set. */
export async function approve(
  ctx: WorkflowContext,
  id: string,
  user: string,
): Promise<{ deployment: Deployment; completed: boolean }> {
  const { record, completed } = await approveRequest(ctx, DEPLOY_APPROVALS, id, user);
  return { deployment: record, completed };
}

export function reject(ctx: WorkflowContext, id: string, user: string, reason: string): Promise<Deployment> {
  return rejectRequest(ctx, DEPLOY_APPROVALS, id, user, reason);
}

/** Before Reject asks for a reason: the deploy when `user` may reject it, else a Refusal. */
export function rejectableDeploy(ctx: WorkflowContext, id: string, user: string): Promise<Deployment> {
  return rejectableRequest(ctx, DEPLOY_APPROVALS, id, user);
}

/** A scheduled job: pending deploys past their window become "expired", once. */
export function expirePending(ctx: WorkflowContext, now: Date): Promise<void> {
  return expireRequests(ctx, DEPLOY_APPROVALS, now);
}

/**
 * A deploy whose plan could not be shown (Slack failed) is withdrawn: nobody could approve, follow or stop it,
 * and an approved one must not roll out unseen. Only while no rollout holds it; false when one already began.
 */
export function withdrawDeploy(ctx: WorkflowContext, id: string, reason: string): Promise<boolean> {
  return withdrawRequest(
    ctx,
    DEPLOY_APPROVALS,
    id,
    reason,
    (d) => d.status === 'pending' || (d.status === 'approved' && !d.lease),
  );
}
