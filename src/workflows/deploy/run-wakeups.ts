import type { Clock } from '../../ports/clock.js';
import type { EventBus } from '../events.js';

/**
 * GitHub's workflow_run webhook (an `workflow-run.updated` event) wakes the poller that follows that run, so a
 * finished run is reported at once instead of at the next poll. Polling still runs: a webhook that reaches
 * another instance, or none, only costs the backoff. One per process, in the workflow context.
 */
export class RunWakeups {
  private readonly sleepers = new Map<number, Set<() => void>>();

  /** Wakes on the bus's `workflow-run.updated`, which the GitHub webhook emits. */
  listenTo(events: EventBus): this {
    events.on('workflow-run.updated', ({ runId }) => void this.wake(runId));
    return this;
  }

  /** Ends the sleeps of the pollers of `runId`; true when one was waiting. */
  wake(runId: number): boolean {
    const waiting = this.sleepers.get(runId);
    for (const wake of waiting ?? []) wake();
    return Boolean(waiting?.size);
  }

  async sleepUnlessWoken(clock: Clock, ms: number, runId: number): Promise<void> {
    let wake: () => void = () => undefined;
    const woken = new Promise<void>((resolve) => (wake = resolve));
    const set = this.sleepers.get(runId) ?? new Set();
    set.add(wake);
    this.sleepers.set(runId, set);
    try {
      await Promise.race([clock.sleep(ms), woken]);
    } finally {
      set.delete(wake);
      if (set.size === 0) this.sleepers.delete(runId);
    }
  }
}
