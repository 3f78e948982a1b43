import { dayInZone } from '../../domain/cost.js';
import { isPortError } from '../../domain/errors.js';
import type { DigestMark } from '../../ports/cost-source.js';
import type { WorkflowContext } from '../context.js';
import type { LeaseHolder } from '../lease.js';
import type { DigestOutcome, DigestRecord, DigestStatus } from './digest.js';
import { buildCostReport } from './report.js';

/** One attempt at an occurrence's digest, under its lease (see digest.ts). */

export const MAX_ATTEMPTS = 4;
/** Between attempts driven by the ticker (one HTTP call waits less: see digest.ts). */
const TICK_BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000];

export function digestOutcome(key: string, period: string, status: DigestStatus, error?: string): DigestOutcome {
  return { status, key, period, ...(error ? { error } : {}) };
}

/**
 * Posts the report and the chart (each once: an earlier attempt's post is looked for first) and records the
 * outcome; a failure is recorded for a retry, or after the last attempt told in the channel.
 */
export async function attemptDigest(ctx: WorkflowContext, held: LeaseHolder<DigestRecord>): Promise<DigestOutcome> {
  const key = held.id;
  const channel = ctx.config.channels.costs;
  const outcome = (status: DigestStatus, error?: string) => digestOutcome(key, held.record.period.label, status, error);
  const save = (change: Partial<DigestRecord>) => held.save((d) => void Object.assign(d, change));
  /** The attempt's last write: the lease goes with it, so a retry (or nobody) may take the digest at once. */
  const end = (change: Partial<DigestRecord>) => held.complete((d) => void Object.assign(d, change));

  // An earlier attempt (an instance that stopped, or a call whose answer was lost) may have posted a part
  // without recording it: look for that part's mark in the channel before posting it.
  const earlier = held.record.attempts > 1;
  const posted = async (
    part: DigestMark['part'],
    inChannel: string,
  ): Promise<{ channel: string; ts: string } | undefined> => {
    if (!earlier) return undefined;
    const found = await ctx.costPublisher.findDigestPost(inChannel, { occurrence: key, part });
    if (found)
      ctx.log.info(
        { digest: key, part, ts: found.ts },
        'cost digest: already in the channel from an earlier attempt; not posted again',
      );
    return found;
  };

  try {
    const report = await buildCostReport(ctx, {
      period: { kind: 'week' },
      by: 'service',
      asOf: dayInZone(new Date(held.record.occurrence), ctx.config.timezone),
    });
    if (!held.record.report) {
      const found = await posted('report', channel);
      await save({
        report:
          found ??
          (await ctx.costPublisher.postReport(channel, report, `Weekly Cost Digest: ${report.period.label}`, {
            occurrence: key,
            part: 'report',
          })),
      });
    }
    let chart = held.record.chart;
    if (chart !== 'posted') {
      const reportChannel = held.record.report!.channel;
      const postChart = async (): Promise<void> => {
        if (await posted('chart', reportChannel)) return;
        await ctx.costPublisher.postChart(reportChannel, report, undefined, { occurrence: key, part: 'chart' });
      };
      chart = await postChart().then(
        () => 'posted',
        (error: unknown) => {
          ctx.log.warn({ err: error, digest: key }, 'cost digest: the chart could not be posted; the report was');
          return describe(error);
        },
      );
    }
    await end({ state: 'posted', chart, postedAt: ctx.clock.now().toISOString(), lastError: undefined });
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'cost.digest',
      target: `cost-digest:${key}`,
      details: {
        period: held.record.period,
        trigger: held.record.trigger,
        attempts: held.record.attempts,
        message: held.record.report,
      },
    });
    ctx.log.info({ digest: key, attempts: held.record.attempts }, 'cost digest posted');
    return outcome('posted');
  } catch (error) {
    const reason = describe(error);
    ctx.log.error({ err: error, digest: key, attempt: held.record.attempts }, 'cost digest attempt failed');
    if (held.record.attempts < MAX_ATTEMPTS) {
      const nextAttemptAt = new Date(
        ctx.clock.now().getTime() + (TICK_BACKOFF_MS[held.record.attempts - 1] ?? 15 * 60_000),
      ).toISOString();
      await end({ state: 'retry', lastError: reason, nextAttemptAt }).catch((e: unknown) =>
        ctx.log.warn({ err: e }, 'cost digest: could not record the failed attempt'),
      );
      return outcome('retry-scheduled', reason);
    }
    await end({ state: 'failed', lastError: reason }).catch((e: unknown) =>
      ctx.log.warn({ err: e }, 'cost digest: could not record the failure'),
    );
    await ctx.costPublisher
      .postNotice(
        channel,
        `The weekly cost digest for ${held.record.period.label} could not be posted after ${held.record.attempts} attempts: ${reason} Run /cost week for the report once that is fixed.`,
      )
      .catch((e: unknown) =>
        ctx.log.error({ err: e, digest: key }, 'cost digest: could not even post the failure notice'),
      );
    await ctx.store
      .appendAudit({
        actor: 'system',
        action: 'cost.digest.failed',
        target: `cost-digest:${key}`,
        details: { period: held.record.period, attempts: held.record.attempts, error: reason },
      })
      .catch(() => undefined);
    return outcome('failed', reason);
  }
}

/** Why, in words for the channel: a PortError says what to do; anything else points at the logs. */
function describe(error: unknown): string {
  if (isPortError(error)) return `${error.backend}: ${error.message.replace(/\.?$/, '.')}`;
  return 'an unexpected error (the bot logs have the details).';
}
