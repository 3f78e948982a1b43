import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { systemClock } from '../../src/ports/clock.js';
import { RunWakeups } from '../../src/workflows/deploy/run-wakeups.js';
import { EventBus } from '../../src/workflows/events.js';

describe('a workflow_run webhook wakes the poller', () => {
  it('ends a long backoff sleep at once for that run only', async () => {
    const wakeups = new RunWakeups();
    const started = Date.now();
    const other = wakeups.sleepUnlessWoken(systemClock, 300, 8).then(() => Date.now() - started);
    const woken = wakeups.sleepUnlessWoken(systemClock, 10_000, 7).then(() => Date.now() - started);
    expect(wakeups.wake(7)).toBe(true);
    expect(await woken).toBeLessThan(1000);
    expect(await other).toBeGreaterThanOrEqual(290);
    expect(wakeups.wake(7)).toBe(false); // nobody waits any more
  });

  it('wakes through the event bus, where the GitHub webhook emits workflow-run.updated', async () => {
    const log = await createLogger({ level: 'silent', secrets: [], destination: { write: () => undefined } });
    const events = new EventBus(log);
    const wakeups = new RunWakeups().listenTo(events);
    const never = { now: () => new Date(), sleep: () => new Promise<void>(() => undefined) };
    let done = false;
    const sleeping = wakeups.sleepUnlessWoken(never, 60_000, 7).then(() => (done = true));
    events.emit('workflow-run.updated', { runId: 8 });
    expect(await events.settle(1000)).toBe(true);
    expect(done).toBe(false);
    events.emit('workflow-run.updated', { runId: 7 });
    await sleeping;
    expect(done).toBe(true);
    expect(wakeups.wake(7)).toBe(false);
  });
});
