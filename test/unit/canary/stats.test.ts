import { describe, expect, it } from 'vitest';
import type { Histogram } from '../../../src/domain/canary.js';
import {
  mannWhitney,
  median,
  normalCdf,
  percentile,
  seriesOf,
  summarise,
  sumHistograms,
} from '../../../src/workflows/deploy/canary-stats.js';

/** Exponential buckets as Cloud Run's request_latencies: bucket i < N-1 ends at scale · growth^i. */
const exponential = (n: number, growth: number, scale: number): number[] =>
  Array.from({ length: n + 1 }, (_, i) => scale * growth ** i);

describe('percentiles from summed bucket counts', () => {
  const bounds = [10, 20, 30, 40];
  it('interpolates inside the bucket that holds the rank', () => {
    const h: Histogram = { bounds, counts: [0, 50, 40, 10, 0] }; // 50 in [10,20), 40 in [20,30), 10 in [30,40)
    expect(percentile(h, 0.5)).toBe(20);
    expect(percentile(h, 0.7)).toBe(25);
    expect(percentile(h, 0.95)).toBe(35);
  });

  it('the overflow bucket answers its lower bound; the underflow bucket starts at 0', () => {
    expect(percentile({ bounds, counts: [0, 0, 0, 0, 5] }, 0.99)).toBe(40);
    expect(percentile({ bounds, counts: [4] }, 0.5)).toBe(5);
    expect(percentile({ bounds, counts: [] }, 0.5)).toBeUndefined();
  });

  it('sums the window first: the p99 of the sum, not a percentile of per-period percentiles', () => {
    const b = exponential(10, 2, 1); // 1, 2, 4, … 1024
    const quiet = { bounds: b, counts: [0, 0, 0, 0, 0, 0, 0, 10] }; // 10 slow requests in [64,128)
    const busy = { bounds: b, counts: [0, 0, 0, 990] }; // 990 fast ones in [4,8)
    const window = sumHistograms([quiet, busy])!;
    expect(window.counts.slice(0, 8)).toEqual([0, 0, 0, 990, 0, 0, 0, 10]);
    expect(percentile(window, 0.99)).toBe(8); // the 990th request is the last fast one
    const averaged = ((percentile(quiet, 0.99) ?? 0) + (percentile(busy, 0.99) ?? 0)) / 2;
    expect(averaged).toBeGreaterThan(60); // what averaging per-period p99s would have claimed
  });

  it('summarises requests by class, the 5xx rate and p50/p95/p99', () => {
    const latency = { bounds, counts: [0, 100] };
    const s = summarise('api-1', [
      { end: new Date(60_000), requestsByClass: { '2xx': 90, '5xx': 10 }, latency },
      { end: new Date(120_000), requestsByClass: { '2xx': 95, '4xx': 5 }, latency },
    ]);
    expect(s).toMatchObject({ revision: 'api-1', requests: 200, errors: 10, errorRate: 0.05, p50: 15 });
    expect(s.p99).toBeCloseTo(19.9);
    expect(summarise('none', [])).toEqual({ revision: 'none', requests: 0, errors: 0, errorRate: 0 });
    expect(seriesOf([{ end: new Date(60_000), requestsByClass: { '2xx': 0 } }])).toEqual([]);
  });
});

describe('Mann-Whitney U', () => {
  it('is sure when every canary value is above every baseline value', () => {
    const r = mannWhitney([10, 11, 12, 13, 14, 15], [1, 2, 3, 4, 5, 6]);
    expect(r.u).toBe(36);
    expect(r.confidence).toBeGreaterThan(0.99);
  });

  it('says nothing when all values tie, and little when the samples overlap', () => {
    expect(mannWhitney([1, 1, 1, 1, 1], [1, 1, 1, 1, 1]).confidence).toBe(0.5);
    expect(mannWhitney([1, 3, 5, 7, 9], [2, 4, 6, 8, 10]).confidence).toBeLessThan(0.7);
    expect(mannWhitney([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).confidence).toBeLessThan(0.01);
  });

  it('agrees with the normal approximation by hand (ties averaged)', () => {
    // x = [3, 4, 4], y = [1, 2, 4]: 1 and 2 rank 1, 2; 3 ranks 3; the three 4s share 4, 5, 6 → 5 each. U = 3 + 5 + 5 − 6
    const r = mannWhitney([3, 4, 4], [1, 2, 4]);
    expect(r.u).toBe(7);
  });

  it('normal CDF and median', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 4);
    expect(normalCdf(-1.644854)).toBeCloseTo(0.05, 4);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
