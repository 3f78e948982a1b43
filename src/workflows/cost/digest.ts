import { dayInZone, type DayRange } from '../../domain/cost.js';
import type { Lease } from '../../domain/lease.js';
import type { WorkflowContext } from '../context.js';
import { claimLease, type LeaseHolder, type LeaseTerms } from '../lease.js';
import { COST_DIGESTS } from './collections.js';
import { resolvePeriod } from './periods.js';
import { attemptDigest, digestOutcome } from './digest-attempt.js';

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
  /** While an attempt runs: whose (instance, trigger and time: each attempt its own), until when. */
  lease?: Lease;
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

const DIGEST_LEASE: LeaseTerms<DigestRecord> = { collection: COST_DIGESTS, noun: 'cost digest', ms: 5 * 60_000 };
/** Between attempts within one HTTP call (Cloud Scheduler's deadline is 3 minutes). */
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
    const held = await claimDigest(ctx, occurrence, trigger, !inline);
    if ('status' in held) return held;
    const outcome = await attemptDigest(ctx, held);
    if (outcome.status !== 'retry-scheduled' || !inline) return outcome;
    await ctx.clock.sleep(INLINE_BACKOFF_MS[held.record.attempts - 1] ?? 20_000);
  }
}

/** Claims the occurrence: creates its record, or takes it over after a failed attempt or a lease that ran out. */
async function claimDigest(
  ctx: WorkflowContext,
  occurrence: Date,
  trigger: DigestTrigger,
  honourBackoff: boolean,
): Promise<LeaseHolder<DigestRecord> | DigestOutcome> {
  const key = digestKey(occurrence, ctx.config.timezone);
  const now = ctx.clock.now();
  const { period } = resolvePeriod({ kind: 'week' }, dayInZone(occurrence, ctx.config.timezone));
  const label = period.label;
  let refusal: DigestOutcome | undefined;
  const outcome = (status: DigestStatus, error?: string) => digestOutcome(key, label, status, error);
  const held = await claimLease<DigestRecord>(ctx, DIGEST_LEASE, key, {
    now,
    // An attempt of its own, apart from any other of this instance (the ticker's, another HTTP call's): a running
    // attempt is never joined, only taken over once its lease has run out.
    owner: `${ctx.instanceId}:${trigger}:${now.getTime()}`,
    expiredOnly: true,
    create: {
      occurrence: occurrence.toISOString(),
      period: { from: period.from, to: period.to, label },
      state: 'running',
      trigger,
      attempts: 1,
    },
    take: (d) => {
      refusal = undefined; // (called again when another write came first)
      if (d.state === 'posted') refusal = outcome('already-posted');
      else if (d.state === 'failed') refusal = outcome('failed', d.lastError);
      else if (d.state === 'retry' && honourBackoff && (d.nextAttemptAt ?? '') > now.toISOString())
        refusal = outcome('waiting', d.lastError);
      else Object.assign(d, { state: 'running', trigger, attempts: d.attempts + 1 });
      return !refusal;
    },
  });
  return held ?? refusal ?? outcome('in-progress');
}
