/**
 * The ticker runs every job for each `runOnce(now)` it is given. A run asked for while another is in progress (an
 * interval tick, a start-up run, another caller) waits for it and then runs with its own `now`; it is never
 * swallowed by the run already going, which was started with another time.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import { Ticker } from '../../../src/scheduler/ticker.js';

const T1 = new Date('2026-12-02T10:00:00.000Z');
const T2 = new Date('2026-12-02T10:31:00.000Z');

async function tickerWithGate() {
  const log = await createLogger({ level: 'silent', secrets: [], destination: { write: () => undefined } });
  const ticker = new Ticker({ now: () => T1, sleep: async () => undefined }, log, 60_000);
  const seen: string[] = [];
  let open: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  ticker.register('expiry', async (now) => {
    seen.push(now.toISOString());
    if (seen.length === 1) await gate;
  });
  return { ticker, seen, open };
}

describe('Ticker.runOnce', () => {
  it('runs again with the asked-for time when a run with another time is in progress', async () => {
    const { ticker, seen, open } = await tickerWithGate();
    const first = ticker.runOnce(T1); // e.g. the interval's tick, with the clock's time
    const second = ticker.runOnce(T2); // e.g. a test, or a job, asking for a time past an expiry
    open();
    await Promise.all([first, second]);
    expect(seen).toEqual([T1.toISOString(), T2.toISOString()]);
  });

  it('never overlaps two runs of the same job', async () => {
    const { ticker, seen, open } = await tickerWithGate();
    const first = ticker.runOnce(T1);
    const second = ticker.runOnce(T2);
    await Promise.resolve();
    expect(seen).toEqual([T1.toISOString()]);
    open();
    await Promise.all([first, second]);
    expect(seen).toHaveLength(2);
  });

  it('stop waits for the queued runs', async () => {
    const { ticker, seen, open } = await tickerWithGate();
    void ticker.runOnce(T1);
    void ticker.runOnce(T2);
    const stopped = ticker.stop();
    open();
    await stopped;
    expect(seen).toEqual([T1.toISOString(), T2.toISOString()]);
  });
});
