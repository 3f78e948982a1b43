import { describe, expect, it } from 'vitest';
import { addDays, type CostRow } from '../../../src/domain/cost.js';
import { findAnomalies, median } from '../../../src/workflows/cost/anomalies.js';

const OPTIONS = { k: 3, trailingDays: 28, minIncrease: 10 };
const row = (day: string, service: string, cost: number): CostRow => ({
  day,
  service,
  project: 'p',
  sku: 's',
  cost,
  usage: 0,
  unit: '',
});

/** `days` days of a service ending on 2026-11-20, cost from `f(age)` (age 0 = the last day). */
function series(service: string, days: number, f: (age: number) => number): CostRow[] {
  return Array.from({ length: days }, (_, i) => row(addDays('2026-11-20', -(days - 1 - i)), service, f(days - 1 - i)));
}
const noise = (age: number) => 100 + ((age * 37) % 11) - 5; // 95..105, deterministic

describe('anomalies: median + k·MAD of the trailing days', () => {
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });

  it('finds a two-day spike as one anomaly, with its peak, baseline and excess', () => {
    const rows = series('Cloud Run', 60, (age) => (age === 3 ? 260 : age === 4 ? 200 : noise(age)));
    const [found, ...rest] = findAnomalies(
      rows,
      { from: '2026-11-14', to: '2026-11-20' },
      { from: '2026-09-22', to: '2026-11-20' },
      OPTIONS,
    );
    expect(rest).toEqual([]);
    expect(found).toMatchObject({
      service: 'Cloud Run',
      from: '2026-11-16',
      to: '2026-11-17',
      peakDay: '2026-11-17',
      peakAmount: 260,
    });
    expect(found!.baseline).toBeGreaterThanOrEqual(95);
    expect(found!.baseline).toBeLessThanOrEqual(105);
    expect(found!.excess).toBeGreaterThan(460 - 2 * 105);
    expect(found!.excess).toBeLessThan(460 - 2 * 95);
  });

  it('ignores ordinary noise, a weekly pattern, and rises too small to matter', () => {
    const weekly = series('BigQuery', 60, (age) => (age % 7 < 2 ? 40 : 120));
    const small = series('Cloud Logging', 60, (age) => (age === 1 ? 8 : 2)); // 4× but only +6
    const flatWobble = series('Cloud SQL', 60, (age) => (age === 1 ? 103 : 100)); // MAD 0, +3 %
    expect(
      findAnomalies(
        [...series('Cloud Run', 60, noise), ...weekly, ...small, ...flatWobble],
        { from: '2026-11-14', to: '2026-11-20' },
        { from: '2026-09-22', to: '2026-11-20' },
        OPTIONS,
      ),
    ).toEqual([]);
  });

  it('does not count the days before the data starts as zero, and needs a week of history', () => {
    const young = series('Cloud Run', 10, noise); // data starts on Nov 11
    expect(
      findAnomalies(young, { from: '2026-11-14', to: '2026-11-20' }, { from: '2026-11-11', to: '2026-11-20' }, OPTIONS),
    ).toEqual([]);
  });

  it('a service that appears with real money is an anomaly', () => {
    const rows = [...series('Cloud Run', 60, noise), ...series('Vertex AI', 2, () => 300)];
    expect(
      findAnomalies(
        rows,
        { from: '2026-11-14', to: '2026-11-20' },
        { from: '2026-09-22', to: '2026-11-20' },
        OPTIONS,
      ).map((a) => [a.service, a.from, a.to]),
    ).toEqual([['Vertex AI', '2026-11-19', '2026-11-20']]);
  });
});
