import type { WebClient } from '@slack/web-api';
import { renderDeployPlan } from '../../blocks/deploy-plan.js';
import type { Deployment } from '../../src/domain/deployment.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { withdrawDeploy } from '../../src/workflows/deploy/approval.js';
import { Refusal } from '../../src/workflows/records.js';
import { describeSlackFailure } from '../shared/slack-failure.js';

/**
 * Posts a new deploy's plan in its environment's channel. When Slack fails (its client's retries spent), the
 * deploy is withdrawn, since a plan nobody sees cannot be approved or followed, and the requester is told why.
 */
export async function postPlan(
  ctx: WorkflowContext,
  client: WebClient,
  channel: string,
  d: Deployment,
): Promise<{ channel: string; ts: string }> {
  try {
    const posted = await client.chat.postMessage({ channel, ...renderDeployPlan(d, ctx.config.timezone) });
    return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
  } catch (error) {
    const why = describeSlackFailure(error);
    ctx.log.warn(
      { err: error, deploymentId: d.id, channel },
      'could not post the deployment plan; withdrawing the deploy',
    );
    const withdrawn = await withdrawDeploy(ctx, d.id, `the plan could not be posted in ${channel}: ${why}`).catch(
      (e: unknown) => {
        ctx.log.error({ err: e, deploymentId: d.id }, 'could not withdraw the deploy');
        return false;
      },
    );
    throw new Refusal(
      withdrawn
        ? `The deployment plan could not be posted in ${channel} (${why}), so the deploy was withdrawn: nothing was approved or rolled out. Try \`/deploy ${d.service} ${d.environment} ${d.ref}\` again in a minute.`
        : `The deployment plan could not be posted in ${channel} (${why}), but deploy ${d.id} had already started: follow it with \`/deploy history ${d.service} ${d.environment}\` and \`/ops status ${d.service}\`.`,
    );
  }
}
