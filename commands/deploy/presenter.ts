import type { WebClient } from '@slack/web-api';
import { renderDeployPlan, renderDeployReport } from '../../blocks/deploy-plan.js';
import { progressText } from '../../blocks/deploy-progress.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { getDeployment } from '../../src/workflows/deploy/queries.js';
import { postCanaryChart, postCanaryProgress, withCanaryReport } from './canary-presenter.js';

/**
 * Shows a deploy in Slack as it moves: the plan updated in place, each step as a reply in its thread, and
 * the final report. Updates of one deploy run one after another, each rendering the latest record, so an
 * older state never overwrites a newer one.
 */
export function presentDeploys(ctx: WorkflowContext, client: WebClient): void {
  const queues = new Map<string, Promise<void>>();
  /** Returns when this update went out, so a shutdown can wait for the last ones (EventBus.settle). */
  const serially = (id: string, work: () => Promise<void>): Promise<void> => {
    const next = (queues.get(id) ?? Promise.resolve())
      .then(work)
      .catch((error: unknown) => ctx.log.warn({ err: error, deploymentId: id }, 'could not update the deploy message'));
    queues.set(id, next);
    void next.finally(() => queues.get(id) === next && queues.delete(id));
    return next;
  };

  ctx.events.on('deploy.updated', ({ deploymentId }) =>
    serially(deploymentId, async () => {
      const d = await getDeployment(ctx, deploymentId);
      if (!d?.message) return;
      await client.chat.update({
        channel: d.message.channel,
        ts: d.message.ts,
        ...renderDeployPlan(d, ctx.config.timezone),
      });
    }),
  );
  ctx.events.on('deploy.progress', ({ deploymentId, progress }) =>
    serially(deploymentId, async () => {
      const d = await getDeployment(ctx, deploymentId);
      if (!d?.message) return;
      const text = progressText(progress);
      await client.chat.postMessage({ channel: d.message.channel, thread_ts: d.message.ts, text });
    }),
  );
  ctx.events.on('deploy.canary', ({ deploymentId, progress }) =>
    serially(deploymentId, async () => {
      const d = await getDeployment(ctx, deploymentId);
      if (d) await postCanaryProgress(ctx, client, d, progress);
    }),
  );
  ctx.events.on('deploy.finished', ({ deploymentId }) =>
    serially(deploymentId, async () => {
      const d = await getDeployment(ctx, deploymentId);
      if (!d?.message) return;
      await client.chat.postMessage({
        channel: d.message.channel,
        thread_ts: d.message.ts,
        reply_broadcast: d.status !== 'succeeded',
        ...(await withCanaryReport(ctx, d, renderDeployReport(d))),
      });
      await postCanaryChart(ctx, d);
    }),
  );
}
