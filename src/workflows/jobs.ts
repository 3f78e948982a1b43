/**
 * Background work of a feature, as the workflows describe it. Each feature registers its jobs once, in its
 * `register` (commands/<feature>/index.ts); src/scheduler/ticker.ts implements the registry. A job finds its
 * due work in the store and claims it there, so a restart loses nothing and two instances never do it twice.
 */

/** Runs on every tick of the ticker (15 s), with the time of the tick. */
export interface PeriodicJob {
  name: string;
  run(now: Date): Promise<void>;
  /** Also run once when the ticker starts: work a stopped instance left behind should not wait for the first tick. */
  atStart?: boolean;
}

/**
 * Runs for the latest occurrence of a cron schedule (5 fields, read in `timeZone`), on the ticks after it, until
 * `run` says that occurrence is settled: a bot that was down at the time catches up (for a while), a failed run
 * is retried on the next ticks.
 */
export interface CronJob {
  name: string;
  schedule: string;
  timeZone: string;
  /** Resolves true when this occurrence needs no more runs (done, or given up), false to try again. */
  run(occurrence: Date): Promise<boolean>;
}

/** Where a feature registers its jobs. */
export interface JobRegistry {
  every(...jobs: PeriodicJob[]): void;
  cron(job: CronJob): void;
}
