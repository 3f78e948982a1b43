/**
 * A cron job on the ticker runs for the latest occurrence of its schedule, on every tick after it, until it says
 * that occurrence is settled; a missed occurrence still runs within CATCH_UP_MS, an older one does not.
 */
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/logging/logger.js';
import { CATCH_UP_MS, cronTicks } from '../../../src/scheduler/cron.js';
import { Ticker } from '../../../src/scheduler/ticker.js';

/** Monday 2026-11-23, 09:00 in Berlin. */
const MONDAY_0900 = Date.parse('2026-11-23T08:00:00Z');
const at = (ms: number) => new Date(MONDAY_0900 + ms);

function weekly(settleAfter: number) {
  const runs: string[] = [];
  const tick = cronTicks({
    name: 'weekly',
    schedule: '0 9 * * MON',
    timeZone: 'Europe/Berlin',
    run: async (occurrence) => {
      runs.push(occurrence.toISOString());
      return runs.length >= settleAfter;
    },
  });
  return { runs, tick };
}

describe('cronTicks', () => {
  it('runs nothing before the first occurrence, then the latest one until it is settled', async () => {
    const { runs, tick } = weekly(2);
    await tick(at(-60_000));
    expect(runs).toEqual([]);
    for (const seconds of [5, 20, 35, 50]) await tick(at(seconds * 1000));
    expect(runs).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-23T08:00:00.000Z']);
  });

  it('catches up a missed occurrence for CATCH_UP_MS, and no longer', async () => {
    const late = weekly(1);
    await late.tick(at(CATCH_UP_MS));
    expect(late.runs).toEqual(['2026-11-23T08:00:00.000Z']);
    const tooLate = weekly(1);
    await tooLate.tick(at(CATCH_UP_MS + 1000));
    expect(tooLate.runs).toEqual([]);
  });

  it('runs the next occurrence the week after', async () => {
    const { runs, tick } = weekly(1);
    await tick(at(5000));
    await tick(at(7 * 24 * 3_600_000 + 5000));
    expect(runs).toEqual(['2026-11-23T08:00:00.000Z', '2026-11-30T08:00:00.000Z']);
  });
});

describe('Ticker as the job registry', () => {
  it('refuses a second job with the same name at start', async () => {
    const log = await createLogger({ level: 'silent', secrets: [], destination: { write: () => undefined } });
    const ticker = new Ticker({ now: () => at(0), sleep: async () => undefined }, log);
    ticker.every({ name: 'expiry', run: async () => undefined });
    expect(() => ticker.every({ name: 'expiry', run: async () => undefined })).toThrow('a second job named "expiry"');
  });
});
