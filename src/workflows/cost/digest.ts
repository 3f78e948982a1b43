import { dayInZone, type DayRange } from '../../domain/cost.js';
import { isPortError } from '../../domain/errors.js';
import type { DigestMark } from '../../ports/cost-source.js';
import type { Versioned } from '../../ports/store.js';
import type { WorkflowContext } from '../context.js';
import { COST_DIGESTS } from './collections.js';
import { resolvePeriod } from './periods.js';
import { buildCostReport } from './report.js';

/**
 * The weekly digest, exactly once per scheduled occurrence whatever the number of instances, triggers
 * and retries: the occurrence is claimed in the store (create-if-absent, then compare-and-set with a
 * lease), the report and the chart are each posted once (each carries a mark, and an attempt after an
 * earlier one first looks for it in the channel: Slack may have taken a post whose record was lost when
 * the instance stopped or the answer never came), and a failed attempt is retried: by the next
 * ticks (in-process trigger) or within the same call (HTTP trigger). After the last attempt the channel is
 * told what failed.
 */

export type DigestTrigger = 'schedule' | 'http';

export interface DigestRecord {
  occurrence: string;
  period: DayRange & { label: string };
  state: 'running' | 'retry' | 'posted' | 'failed';
  trigger: DigestTrigger;
  attempts: number;
  owner: string;
  leaseUntil: string;
  nextAttemptAt?: string;
  lastError?: string;
  report?: { channel: string; ts: string };
  /** 'posted', or why the chart could not be (the report still counts as posted). */
  chart?: string;
  postedAt?: string;
}

export type DigestStatus = 'posted' | 'already-posted' | 'in-progress' | 'waiting' | 'retry-scheduled' | 'failed';

export interface DigestOutcome {
  status: DigestStatus;
  key: string;
  period: string;
  error?: string;
}

export const MAX_ATTEMPTS = 4;
const LEASE_MS = 5 * 60_000;
/** Between attempts driven by the ticker, and within one HTTP call (Cloud Scheduler's deadline is 3 minutes). */
const TICK_BACKOFF_MS = [60_000, 5 * 60_000, 15 * 60_000];
const INLINE_BACKOFF_MS = [2_000, 8_000, 20_000];

/** The store key of an occurrence: its local date and time, e.g. "2026-11-23T09-00". */
export function digestKey(occurrence: Date, timeZone: string): string {
  const time = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(occurrence)
    .replace(':', '-');
  return `${dayInZone(occurrence, timeZone)}T${time}`;
}

export async function runCostDigest(
  ctx: WorkflowContext,
  occurrence: Date,
  trigger: DigestTrigger,
): Promise<DigestOutcome> {
  const inline = trigger === 'http';
  for (;;) {
    const claim = await claimDigest(ctx, occurrence, trigger, !inline);
    if ('status' in claim) return claim;
    const outcome = await attempt(ctx, claim);
    if (outcome.status !== 'retry-scheduled' || !inline) return outcome;
    await ctx.clock.sleep(INLINE_BACKOFF_MS[claim.data.attempts - 1] ?? 20_000);
  }
}

async function claimDigest(
  ctx: WorkflowContext,
  occurrence: Date,
  trigger: DigestTrigger,
  honourBackoff: boolean,
): Promise<Versioned<DigestRecord> | DigestOutcome> {
  const timeZone = ctx.config.timezone;
  const key = digestKey(occurrence, timeZone);
  const now = ctx.clock.now();
  const owner = `${ctx.instanceId}:${trigger}:${now.getTime()}`;
  const leaseUntil = new Date(now.getTime() + LEASE_MS).toISOString();
  const { period } = resolvePeriod({ kind: 'week' }, dayInZone(occurrence, timeZone));
  const fresh: DigestRecord = {
    occurrence: occurrence.toISOString(),
    period: { from: period.from, to: period.to, label: period.label },
    state: 'running',
    trigger,
    attempts: 1,
    owner,
    leaseUntil,
  };
  const created = await ctx.store.create(COST_DIGESTS, key, fresh);
  if (created) return created;

  const existing = await ctx.store.get(COST_DIGESTS, key);
  const outcome = (status: DigestStatus, error?: string): DigestOutcome => ({
    status,
    key,
    period: fresh.period.label,
    ...(error ? { error } : {}),
  });
  if (!existing) return outcome('in-progress');
  const d = existing.data;
  if (d.state === 'posted') return outcome('already-posted');
  if (d.state === 'failed') return outcome('failed', d.lastError);
  if (d.state === 'running' && d.leaseUntil > now.toISOString()) return outcome('in-progress');
  if (d.state === 'retry' && honourBackoff && (d.nextAttemptAt ?? '') > now.toISOString())
    return outcome('waiting', d.lastError);
  const taken = await ctx.store.compareAndSet(COST_DIGESTS, key, existing.version, {
    ...d,
    state: 'running',
    trigger,
    attempts: d.attempts + 1,
    owner,
    leaseUntil,
  });
  return taken ?? outcome('in-progress');
}

async function attempt(ctx: WorkflowContext, claimed: Versioned<DigestRecord>): Promise<DigestOutcome> {
  const key = claimed.id;
  let record = claimed;
  const channel = ctx.config.channels.costs;
  const outcome = (status: DigestStatus, error?: string): DigestOutcome => ({
    status,
    key,
    period: record.data.period.label,
    ...(error ? { error } : {}),
  });
  const save = async (change: Partial<DigestRecord>): Promise<void> => {
    const written = await ctx.store.compareAndSet(COST_DIGESTS, key, record.version, {
      ...record.data,
      ...change,
    });
    if (!written) throw new Error(`the digest ${key} was taken over by another instance`);
    record = written;
  };

  // An earlier attempt (an instance that stopped, or a call whose answer was lost) may have posted a part
  // without recording it: look for that part's mark in the channel before posting it.
  const earlier = record.data.attempts > 1;
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
      asOf: dayInZone(new Date(record.data.occurrence), ctx.config.timezone),
    });
    if (!record.data.report) {
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
    let chart = record.data.chart;
    if (chart !== 'posted') {
      const reportChannel = record.data.report!.channel;
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
    await save({ state: 'posted', chart, postedAt: ctx.clock.now().toISOString(), lastError: undefined });
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'cost.digest',
      target: `cost-digest:${key}`,
      details: {
        period: record.data.period,
        trigger: record.data.trigger,
        attempts: record.data.attempts,
        message: record.data.report,
      },
    });
    ctx.log.info({ digest: key, attempts: record.data.attempts }, 'cost digest posted');
    return outcome('posted');
  } catch (error) {
    const reason = describe(error);
    ctx.log.error({ err: error, digest: key, attempt: record.data.attempts }, 'cost digest attempt failed');
    if (record.data.attempts < MAX_ATTEMPTS) {
      const nextAttemptAt = new Date(
        ctx.clock.now().getTime() + (TICK_BACKOFF_MS[record.data.attempts - 1] ?? 15 * 60_000),
      ).toISOString();
      await save({ state: 'retry', lastError: reason, nextAttemptAt }).catch((e: unknown) =>
        ctx.log.warn({ err: e }, 'cost digest: could not record the failed attempt'),
      );
      return outcome('retry-scheduled', reason);
    }
    await save({ state: 'failed', lastError: reason }).catch((e: unknown) =>
      ctx.log.warn({ err: e }, 'cost digest: could not record the failure'),
    );
    await ctx.costPublisher
      .postNotice(
        channel,
        `The weekly cost digest for ${record.data.period.label} could not be posted after ${record.data.attempts} attempts: ${reason} Run /cost week for the report once that is fixed.`,
      )
      .catch((e: unknown) =>
        ctx.log.error({ err: e, digest: key }, 'cost digest: could not even post the failure notice'),
      );
    await ctx.store
      .appendAudit({
        actor: 'system',
        action: 'cost.digest.failed',
        target: `cost-digest:${key}`,
        details: { period: record.data.period, attempts: record.data.attempts, error: reason },
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
