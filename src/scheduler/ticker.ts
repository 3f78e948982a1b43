import type { Logger } from '../logging/logger.js';
import type { Clock } from '../ports/clock.js';

export type Job = (now: Date) => Promise<void>;

/**
 * Runs registered jobs every `intervalMs` (reminders due, lock expiry…). Jobs find their due work in the
 * store and claim it there, so a restart loses nothing and two instances never do it twice. Tests call
 * `runOnce(now)` with the time they want instead of sleeping.
 */
export class Ticker {
  private readonly jobs = new Map<string, Job>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly intervalMs = 15_000,
  ) {}

  register(name: string, job: Job): void {
    this.jobs.set(name, job);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.runOnce(), this.intervalMs).unref();
  }

  /** Runs every job once; a run still going is awaited instead of overlapped. */
  async runOnce(now: Date = this.clock.now()): Promise<void> {
    if (this.running) return this.running;
    this.running = (async () => {
      for (const [name, job] of this.jobs) {
        try {
          await job(now);
        } catch (error) {
          this.log.error({ err: error, job: name }, 'scheduled job failed; it runs again at the next tick');
        }
      }
    })().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
