import { cronOf } from '../config/cron.js';
import type { CronJob } from '../workflows/jobs.js';

/**
 * Cron-like jobs on the ticker. croner reads the cron expression in the job's time zone (DST included) and
 * says which occurrence is the latest; the ticker asks every 15 s whether that occurrence is settled. So a bot
 * that was down at 09:00 still runs the job when it comes back (within CATCH_UP_MS), a failed run is retried on
 * later ticks, and tests drive it with `ticker.runOnce(now)`.
 */

/** How late a missed occurrence still runs: a bot restarted at 14:00 runs the 09:00 job; one started on Thursday does not. */
export const CATCH_UP_MS = 12 * 3_600_000;

/** The latest scheduled time at or before `now`, or null when there is none. */
export function latestOccurrence(schedule: string, timeZone: string, now: Date): Date | null {
  const cron = cronOf(schedule, timeZone);
  const [previous] = cron.previousRuns(1, new Date(now.getTime() + 1000));
  return previous && previous.getTime() <= now.getTime() ? previous : null;
}

/** The ticker's job for a cron job: runs the latest occurrence until it is settled. */
export function cronTicks(job: CronJob): (now: Date) => Promise<void> {
  /** The last occurrence known to be settled, so a quiet week costs no store reads. */
  let settled: number | undefined;
  return async (now) => {
    const occurrence = latestOccurrence(job.schedule, job.timeZone, now);
    if (!occurrence || now.getTime() - occurrence.getTime() > CATCH_UP_MS) return;
    if (settled === occurrence.getTime()) return;
    if (await job.run(occurrence)) settled = occurrence.getTime();
  };
}
