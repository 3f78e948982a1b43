import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Router } from '../../src/app/router.js';
import { APPROVE_ACTION, REJECT_ACTION } from '../../blocks/deploy-plan.js';
import { rejectReasonModal, REJECT_VIEW } from '../../blocks/deploy-reject.js';
import { renderProblem } from '../../blocks/help.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import type { Deployment } from '../../src/domain/deployment.js';
import { approve, reject, rejectableDeploy } from '../../src/workflows/deploy/approval.js';
import { getDeployment } from '../../src/workflows/deploy/queries.js';
import { driveRollout } from '../../src/workflows/deploy/start.js';
import { respondSafely } from '../shared/reply.js';
import { explain } from '../shared/failure.js';

/** Approve and Reject on the plan card; Reject asks for a reason in a modal. */
export function registerApprovalActions(router: Router, ctx: WorkflowContext): void {
  router.action<BlockAction<ButtonAction>>(APPROVE_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    try {
      const { completed } = await approve(ctx, action.value ?? '', body.user.id);
      if (completed) void driveRollout(ctx, action.value ?? '');
    } catch (error) {
      await respondSafely(respond, { ...renderProblem(explain(error, ctx)), replace_original: false }, ctx.log);
    }
  });

  router.action<BlockAction<ButtonAction>>(REJECT_ACTION, async ({ ack, action, body, client, respond }) => {
    await ack();
    let d: Deployment;
    try {
      d = await rejectableDeploy(ctx, action.value ?? '', body.user.id);
    } catch (error) {
      return respondSafely(respond, { ...renderProblem(explain(error, ctx)), replace_original: false }, ctx.log);
    }
    await client.views.open({ trigger_id: body.trigger_id, view: rejectReasonModal(d) });
  });

  router.view(REJECT_VIEW, async ({ ack, view, body, client }) => {
    const reason = view.state.values.reason?.reason?.value?.trim() ?? '';
    if (reason.length < 3)
      return ack({ response_action: 'errors', errors: { reason: 'Say why, so the requester knows what to fix.' } });
    await ack();
    const id = view.private_metadata;
    try {
      await reject(ctx, id, body.user.id, reason);
    } catch (error) {
      const d = await getDeployment(ctx, id);
      if (d?.message)
        await client.chat.postEphemeral({
          channel: d.message.channel,
          user: body.user.id,
          ...renderProblem(explain(error, ctx)),
        });
    }
  });
}
