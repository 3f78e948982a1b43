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

/** A deploy plan as an approval request: the approval that completes the set approves it for its rollout. */
export const DEPLOY_APPROVALS: ApprovalKind<Deployment> = {
  name: 'deploy',
  collection: DEPLOYMENTS,
  audit: { action: 'deploy', target: 'deployment' },
  isId: isDeploymentId,
  complete: (d) => ({ ...d, status: 'approved' }),
  changed: (ctx, id) => ctx.events.emit('deploy.updated', { deploymentId: id }),
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
    // A claimed rollout is `running` (the claim writes both at once), so `approved` means none began.
    (d) => d.status === 'pending' || d.status === 'approved',
  );
}
