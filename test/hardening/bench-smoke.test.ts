/**
 * `npm run bench -- --smoke` as a test: the bench's whole path (both apps spawned as `node dist/…`, cold
 * start, open and closed loop, RSS, the table) on a tiny load. No time is asserted: shared CI machines drift.
 */
import { describe, expect, it } from 'vitest';
import { runBench } from '../../bench/bench.js';
import type { LatencyStats } from '../../bench/load.js';

describe('npm run bench -- --smoke', () => {
  it('measures the bot and the bare Bolt app side by side and prints the table', async () => {
    const result = await runBench({ smoke: true });
    const { bot, bare } = result.figures;
    // Failures other than slowness: an error status, a refused connection, an ack without the answer in it.
    const broken = (s: LatencyStats): string[] =>
      Object.keys(s.failureReasons).filter((reason) => reason !== 'over 3 s' && reason !== 'timeout');
    for (const app of [bot, bare]) {
      expect(app.help.sent).toBeGreaterThan(0);
      expect(broken(app.help)).toEqual([]); // every /ops help answered in its ack
      expect(broken(app.closed)).toEqual([]);
      expect(app.rssAfterMb).toBeGreaterThan(0);
    }
    if (bot.clicks) expect(broken(bot.clicks)).toEqual([]);
    expect(result.figures.coldStart.bot.every((ms) => ms > 0)).toBe(true);
    expect(result.table).toMatch(/^\| Measure \| Bot \| Bare Bolt app \|/);
    expect(result.table).toContain('Cold start');
    expect(result.table).toContain('RSS after the `/ops help` load');
    expect(result.table).toContain('CSV rows');
  }, 120_000);
});
