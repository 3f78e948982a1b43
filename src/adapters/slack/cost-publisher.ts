import type { WebClient } from '@slack/web-api';
import { renderCostNotice } from '../../../blocks/cost-alerts.js';
import { renderCostChartSvg } from '../../../blocks/cost-chart.js';
import { chartTitle, renderCostReport } from '../../../blocks/cost.js';
import { PortError } from '../../domain/errors.js';
import type { CostPublisher, DigestMark } from '../../ports/cost-source.js';

/** SVG in, PNG out: src/adapters/chart/png.ts, passed in by the composition root. */
export type Rasterise = (svg: string) => Promise<Uint8Array>;

const BACKEND = 'Slack';
/** The digest's marks: the report's message metadata (event type below), the chart's file name. */
const DIGEST_EVENT = 'chatops_cost_digest';
const chartFilename = (mark: DigestMark): string => `cost-digest-${mark.occurrence}.png`;
/** How far back a retry looks for a digest part it may have posted: the newest 2 × 200 messages. */
const HISTORY_PAGES = 2;
const HISTORY_LIMIT = 200;

interface HistoryMessage {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: Record<string, unknown> };
  files?: { name?: string }[];
}
const carries = (m: HistoryMessage, mark: DigestMark): boolean =>
  mark.part === 'chart'
    ? (m.files ?? []).some((f) => f.name === chartFilename(mark))
    : m.metadata?.event_type === DIGEST_EVENT &&
      m.metadata.event_payload?.occurrence === mark.occurrence &&
      m.metadata.event_payload.part === mark.part;

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

  /** conversations.history takes a channel ID; chatops.yml may name the channel ("#costs"). */
  const ids = new Map<string, string>();
  const channelId = async (channel: string): Promise<string> => {
    if (/^[CG][A-Z0-9]{6,}$/.test(channel)) return channel;
    const name = channel.replace(/^#/, '');
    let cursor: string | undefined;
    for (let page = 0; !ids.has(name) && page < 10; page += 1) {
      const list = await call('find the channel', channel, () =>
        client.conversations.list({
          types: 'public_channel,private_channel',
          exclude_archived: true,
          limit: 1000,
          ...(cursor ? { cursor } : {}),
        }),
      );
      for (const c of list.channels ?? []) if (c.name && c.id) ids.set(c.name, c.id);
      cursor = list.response_metadata?.next_cursor;
      if (!cursor) break;
    }
    const id = ids.get(name);
    if (!id)
      throw new PortError(
        'invalid',
        `Slack: no channel ${channel} the bot can see; check channels.costs in chatops.yml.`,
        BACKEND,
      );
    return id;
  };

  return {
    async postReport(channel, report, title, mark) {
      const metadata = mark
        ? { metadata: { event_type: DIGEST_EVENT, event_payload: { occurrence: mark.occurrence, part: mark.part } } }
        : {};
      const posted = await call('post the cost report', channel, () =>
        client.chat.postMessage({ channel, ...renderCostReport(report, title), unfurl_links: false, ...metadata }),
      );
      return { channel: posted.channel ?? channel, ts: posted.ts ?? '' };
    },
    async postChart(channel, report, threadTs, mark) {
      const title = chartTitle(report);
      const png = Buffer.from(await toPng(renderCostChartSvg(report.chart, title, report.currency)));
      const filename = mark ? chartFilename(mark) : `cost-${report.chart.days.at(-1) ?? 'chart'}.png`;
      const file = { file: png, filename, title, alt_text: title };
      await call('upload the cost chart', channel, () =>
        client.files.uploadV2(
          threadTs ? { ...file, channel_id: channel, thread_ts: threadTs } : { ...file, channel_id: channel },
        ),
      );
    },
    async findDigestPost(channel, mark) {
      const id = await channelId(channel);
      let cursor: string | undefined;
      for (let page = 0; page < HISTORY_PAGES; page += 1) {
        const history = await call('read the channel history', channel, () =>
          client.conversations.history({
            channel: id,
            limit: HISTORY_LIMIT,
            include_all_metadata: true,
            ...(cursor ? { cursor } : {}),
          }),
        );
        const found = (history.messages as HistoryMessage[] | undefined)?.find((m) => carries(m, mark));
        if (found?.ts) return { channel: id, ts: found.ts };
        cursor = history.response_metadata?.next_cursor;
        if (!history.has_more || !cursor) return undefined;
      }
      return undefined;
    },
    async postNotice(channel, text) {
      await call('post a notice', channel, () => client.chat.postMessage({ channel, ...renderCostNotice(text) }));
    },
  };
}

function toPortError(error: unknown, what: string, channel: string): PortError {
  const code = (error as { data?: { error?: string } }).data?.error;
  if (code === 'not_in_channel' || code === 'channel_not_found') {
    return new PortError(
      'permission_denied',
      `Slack could not ${what} in ${channel} (${code}): invite the bot to the channel (/invite @ChatOps), or check channels.costs in chatops.yml.`,
      BACKEND,
    );
  }
  if (code === 'not_authed' || code === 'invalid_auth' || code === 'token_revoked')
    return new PortError('unauthenticated', `Slack rejected the bot token (${code}); check SLACK_BOT_TOKEN`, BACKEND);
  if (code === 'missing_scope')
    return new PortError(
      'permission_denied',
      `Slack: the app lacks a scope to ${what}; reinstall it from manifest.yml.`,
      BACKEND,
    );
  if (code === 'ratelimited' || (error as { code?: string }).code === 'slack_webapi_rate_limited_error')
    return new PortError('rate_limited', `Slack is rate limiting the bot (${what})`, BACKEND);
  if (code) return new PortError('invalid', `Slack could not ${what}: ${code}`, BACKEND);
  return new PortError(
    'unavailable',
    `Slack could not be reached to ${what}: ${(error as Error).message ?? String(error)}`,
    BACKEND,
  );
}
