import { Cron } from 'croner';

/**
 * A schedule as both the config check and the scheduler read it: croner, five fields (minute hour day month
 * weekday), as Cloud Scheduler reads the same line. In croner's default mode a sixth field is read as seconds
 * first, which shifts every field: "0 9 * * 1 *" would mean every hour in January.
 */
export function cronOf(pattern: string, timeZone?: string): Cron {
  return new Cron(pattern, { ...(timeZone ? { timezone: timeZone } : {}), paused: true, mode: '5-part' });
}

/** What is wrong with a cron expression, or undefined when it parses and runs at some time. */
export function cronProblem(pattern: string): string | undefined {
  const fields = pattern.trim().split(/\s+/).length;
  if (fields === 6 || fields === 7) return `expected 5 fields (minute hour day month weekday), got ${fields}`;
  try {
    return cronOf(pattern).nextRun() ? undefined : `"${pattern}" never runs (no such date)`;
  } catch {
    return 'expected a cron expression such as "0 9 * * MON" (minute hour day month weekday)';
  }
}
