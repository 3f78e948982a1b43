import type { WebClient } from '@slack/web-api';
import { canaryChartTitle, renderCanaryChartSvg } from '../../blocks/deploy-canary-chart.js';
import { canaryProgressMessage, canaryReportBlocks } from '../../blocks/deploy-canary.js';
import type { Message } from '../../blocks/kit.js';
import type { CanaryProgress } from '../../src/domain/canary.js';
import type { Deployment } from '../../src/domain/deployment.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { canaryRecordOf } from '../../src/workflows/deploy/canary-record.js';

/** The canary analysis in Slack: a reply per piece of progress, a section of the final report, and its chart. */

export async function postCanaryProgress(
  ctx: WorkflowContext,
  client: WebClient,
  d: Deployment,
  progress: CanaryProgress,
): Promise<void> {
  if (!d.message) return;
  const reply = canaryProgressMessage(progress, ctx.config.timezone);
  await client.chat.postMessage({ channel: d.message.channel, thread_ts: d.message.ts, unfurl_links: false, ...reply });
}

/** The report with the canary section before its closing line (the next command). */
export async function withCanaryReport(ctx: WorkflowContext, d: Deployment, report: Message): Promise<Message> {
  const record = d.strategy === 'cloud-run' ? await canaryRecordOf(ctx, d.id) : undefined;
  if (!record) return report;
  const blocks = [...report.blocks];
  blocks.splice(Math.max(0, blocks.length - 1), 0, ...canaryReportBlocks(record));
  return { ...report, blocks };
}

/** The chart of canary against baseline over the rollout, in the thread, when a step was analysed. */
export async function postCanaryChart(ctx: WorkflowContext, d: Deployment): Promise<void> {
  const record = d.strategy === 'cloud-run' && d.message ? await canaryRecordOf(ctx, d.id) : undefined;
  if (!record?.steps.length || !d.message) return;
  const title = canaryChartTitle(d.service, d.environment, record.revision);
  await ctx.charts.post({
    channel: d.message.channel,
    threadTs: d.message.ts,
    svg: renderCanaryChartSvg(record, title),
    filename: `canary-${d.id}.png`,
    title,
  });
}
