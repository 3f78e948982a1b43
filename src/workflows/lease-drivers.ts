import type { Logger } from '../logging/logger.js';

/**
 * The work this instance drives under leases (a rollout, an approved rollback …), one driver per record in the
 * process, and the shutdown that hands it over: each stops before it acts again (a call already made finishes
 * and is recorded), and its lease is released, so the restarted bot or another instance resumes it at once
 * instead of when the lease runs out. One per workflow context (`ctx.drivers`).
 */
export class Drivers {
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly stop = new AbortController();
  /** Resolves when the shutdown begins. */
  readonly stopped: Promise<void> = new Promise((resolve) =>
    this.stop.signal.addEventListener('abort', () => resolve(), { once: true }),
  );

  /** This instance is shutting down: nothing new starts, work in flight stops at its next safe point. */
  get stopping(): boolean {
    return this.stop.signal.aborted;
  }

  /**
   * Runs `work` as the one driver of `key` (a record, e.g. `rollback:<id>`) in this process; null, and nothing
   * run, when `key` is driven already.
   */
  drive<T>(key: string, work: () => Promise<T>): Promise<T> | null {
    if (this.running.has(key)) return null;
    const done = work().finally(() => this.running.delete(key));
    this.running.set(key, done);
    return done;
  }

  /**
   * Called by the shutdown: no driver starts any more, those running stop at their next safe point and release
   * their lease. Waits for them up to `graceMs`; one still inside a call then keeps its lease (the call may still
   * land), which runs out as after a crash. Resolves true when everything was handed over.
   */
  async handOver(graceMs: number, log: Logger): Promise<boolean> {
    this.stop.abort();
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const done = await Promise.race([
      Promise.allSettled(this.running.values()).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
    ]);
    clearTimeout(timer);
    if (!done)
      log.warn(
        { leased: [...this.running.keys()] },
        'shutting down while work is inside a call: it keeps its lease, and is resumed when the lease runs out',
      );
    return done;
  }
}
