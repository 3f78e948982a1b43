import { cronOf } from '../config/cron.js';
import type { WorkflowContext } from '../workflows/context.js';
import { digestKey, runCostDigest } from '../workflows/cost/digest.js';

/**
 * The weekly digest's in-process trigger. croner reads the cron expression in the config's time zone
 * (DST included) and says which occurrence is the latest; the bot's ticker asks every 15 s whether that
 * occurrence has its digest. So a bot that was down at 09:00 still posts when it comes back (within
 * CATCH_UP_MS), a failed digest is retried on later ticks, and tests drive it with `ticker.runOnce(now)`.
 */

/** How late a missed occurrence is still posted: a bot restarted at 14:00 posts the 09:00 digest; one started on Thursday does not. */
export const CATCH_UP_MS = 12 * 3_600_000;

/** The latest scheduled time at or before `now`, or null when there is none. */
export function latestOccurrence(schedule: string, timeZone: string, now: Date): Date | null {
  const cron = cronOf(schedule, timeZone);
  const [previous] = cron.previousRuns(1, new Date(now.getTime() + 1000));
  return previous && previous.getTime() <= now.getTime() ? previous : null;
}

export function registerCostDigestSchedule(ctx: WorkflowContext): void {
  const { digest } = ctx.config.cost;
  if (!digest.enabled || !digest.inProcess) return;
  /** The last occurrence known to be finished, so a quiet week costs no store reads. */
  let finished: string | undefined;
  ctx.schedule('cost-digest', async (now) => {
    const occurrence = latestOccurrence(digest.schedule, ctx.config.timezone, now);
    if (!occurrence || now.getTime() - occurrence.getTime() > CATCH_UP_MS) return;
    const key = digestKey(occurrence, ctx.config.timezone);
    if (finished === key) return;
    const outcome = await runCostDigest(ctx, occurrence, 'schedule');
    if (outcome.status === 'posted' || outcome.status === 'already-posted' || outcome.status === 'failed')
      finished = key;
  });
}
