import type { WebClient } from '@slack/web-api';
import { renderBudgetAlert, renderCostNotice } from '../../blocks/cost-alerts.js';
import { renderCostChartSvg } from '../../blocks/cost-chart.js';
import { chartTitle, renderCostReport } from '../../blocks/cost.js';
import { PortError } from '../../src/domain/errors.js';
import type { CostPublisher } from '../../src/ports/cost-source.js';

/** SVG in, PNG out: src/adapters/chart/png.ts, passed in by the composition root. */
export type Rasterise = (svg: string) => Promise<Uint8Array>;

const BACKEND = 'Slack';

/**
 * Cost reports, charts and alerts into Slack, for the scheduled digest, the budget hook and /cost's chart:
 * rendered with blocks/, posted with Bolt's WebClient (files.uploadV2 for the PNG).
 */
export function createCostPublisher(client: WebClient, toPng: Rasterise): CostPublisher {
  const call = async <T>(what: string, channel: string, run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw toPortError(error, what, channel);
    }
  };

  return {
    async postReport(channel, report, title) {
      const posted = await call('post the cost report', channel, () => client.chat.postMessage({ channel, ...renderCostReport(report, title), unfurl_links: false }));
      return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
    },
    async postChart(channel, report, threadTs) {
      const title = chartTitle(report);
      const png = Buffer.from(await toPng(renderCostChartSvg(report.chart, title, report.currency)));
      const file = { file: png, filename: `cost-${report.chart.days.at(-1) ?? 'chart'}.png`, title, alt_text: title };
      await call('upload the cost chart', channel, () => client.files.uploadV2(threadTs ? { ...file, channel_id: channel, thread_ts: threadTs } : { ...file, channel_id: channel }));
    },
    async postBudgetAlert(channel, alert) {
      await call('post the budget alert', channel, () => client.chat.postMessage({ channel, ...renderBudgetAlert(alert) }));
    },
    async postNotice(channel, text) {
      await call('post a notice', channel, () => client.chat.postMessage({ channel, ...renderCostNotice(text) }));
    },
  };
}

function toPortError(error: unknown, what: string, channel: string): PortError {
  const code = (error as { data?: { error?: string } }).data?.error;
  if (code === 'not_in_channel' || code === 'channel_not_found') {
    return new PortError('permission_denied', `Slack could not ${what} in ${channel} (${code}): invite the bot to the channel (/invite @ChatOps), or check channels.costs in chatops.yml.`, BACKEND);
  }
  if (code === 'not_authed' || code === 'invalid_auth' || code === 'token_revoked') return new PortError('unauthenticated', `Slack rejected the bot token (${code}); check SLACK_BOT_TOKEN`, BACKEND);
  if (code === 'missing_scope') return new PortError('permission_denied', `Slack: the app lacks a scope to ${what}; reinstall it from manifest.yml.`, BACKEND);
  if (code === 'ratelimited' || (error as { code?: string }).code === 'slack_webapi_rate_limited_error') return new PortError('rate_limited', `Slack is rate limiting the bot (${what})`, BACKEND);
  if (code) return new PortError('invalid', `Slack could not ${what}: ${code}`, BACKEND);
  return new PortError('unavailable', `Slack could not be reached to ${what}: ${(error as Error).message ?? String(error)}`, BACKEND);
}
