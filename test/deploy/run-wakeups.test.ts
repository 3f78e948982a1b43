import { describe, expect, it } from 'vitest';
import { systemClock } from '../../src/ports/clock.js';
import { sleepUnlessWoken, wakeRun } from '../../src/workflows/deploy/run-wakeups.js';

describe('a workflow_run webhook wakes the poller', () => {
  it('ends a long backoff sleep at once for that run only', async () => {
    const started = Date.now();
    const other = sleepUnlessWoken(systemClock, 300, 8).then(() => Date.now() - started);
    const woken = sleepUnlessWoken(systemClock, 10_000, 7).then(() => Date.now() - started);
    expect(wakeRun(7)).toBe(true);
    expect(await woken).toBeLessThan(1000);
    expect(await other).toBeGreaterThanOrEqual(290);
    expect(wakeRun(7)).toBe(false); // nobody waits any more
  });
});
