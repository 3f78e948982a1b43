import type { Logger } from '../logging/logger.js';
import type { Clock } from '../ports/clock.js';
import type { CronJob, JobRegistry, PeriodicJob } from '../workflows/jobs.js';
import { cronTicks } from './cron.js';

export type Job = PeriodicJob['run'];
export type ScheduleOptions = Pick<PeriodicJob, 'atStart'>;

/**
 * Runs registered jobs every `intervalMs` (reminders due, lock expiry…). Jobs find their due work in the
 * store and claim it there, so a restart loses nothing and two instances never do it twice. Tests call
 * `runOnce(now)` with the time they want instead of sleeping.
 */
export class Ticker implements JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private readonly atStart = new Set<string>();
  private readonly startRuns = new Set<Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  /** The last run asked for; each new run waits for it, so runs never overlap and none is dropped. */
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly intervalMs = 15_000,
  ) {}

  register(name: string, job: Job, options: ScheduleOptions = {}): void {
    if (this.jobs.has(name)) throw new Error(`a second job named "${name}"`);
    this.jobs.set(name, job);
    if (options.atStart) this.atStart.add(name);
  }

  every(...jobs: PeriodicJob[]): void {
    for (const job of jobs) this.register(job.name, (now) => job.run(now), { atStart: job.atStart });
  }

  cron(job: CronJob): void {
    this.register(job.name, cronTicks(job));
  }

  /** Ticks every `intervalMs`; jobs registered `atStart` run once now, beside (not instead of) a `runOnce`. */
  start(): void {
    if (this.timer) return;
    // A tick finding runs still queued adds nothing: they read the clock when they start.
    this.timer = setInterval(() => this.queued === 0 && void this.runOnce(), this.intervalMs).unref();
    for (const name of this.atStart) {
      const job = this.jobs.get(name);
      if (!job) continue;
      const run = this.runJob(name, job, this.clock.now()).finally(() => this.startRuns.delete(run));
      this.startRuns.add(run);
    }
  }

  /**
   * Runs every job once at `now` (the clock's time when the run starts, if none is given). A run still going is
   * waited for, never overlapped; and a later `now` is never dropped in favour of the run already going.
   */
  runOnce(now?: Date): Promise<void> {
    this.queued += 1;
    const run = this.queue.then(async () => {
      const at = now ?? this.clock.now();
      for (const [name, job] of this.jobs) await this.runJob(name, job, at);
      this.queued -= 1;
    });
    this.queue = run;
    return run;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await Promise.all([this.queue, ...this.startRuns]);
  }

  private async runJob(name: string, job: Job, now: Date): Promise<void> {
    try {
      await job(now);
    } catch (error) {
      this.log.error({ err: error, job: name }, 'scheduled job failed; it runs again at the next tick');
    }
  }
}
