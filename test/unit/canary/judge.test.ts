import { describe, expect, it } from 'vitest';
import { canaryAnalysisSchema } from '../../../src/config/schema-canary.js';
import type { MetricPeriod } from '../../../src/ports/metrics.js';
import { judge } from '../../../src/workflows/deploy/canary-judge.js';
import { summarise } from '../../../src/workflows/deploy/canary-stats.js';

const config = canaryAnalysisSchema.parse({});
const bounds = [50, 100, 150, 200, 300, 500];
/** `n` periods of `requests` each with this 5xx share and every latency in the bucket ending at `upper` ms. */
function periods(n: number, requests: number, errorRate: number, upper: number, jitter = 0): MetricPeriod[] {
  return Array.from({ length: n }, (_, i) => {
    const errors = Math.round(requests * errorRate * (1 + jitter * ((i % 3) - 1)));
    const counts = bounds.map((b) => (b === upper ? requests : 0));
    return {
      end: new Date(60_000 * (i + 1)),
      requestsByClass: { '2xx': requests - errors, '5xx': errors },
      latency: { bounds, counts: [...counts, 0] },
    };
  });
}
const run = (canary: MetricPeriod[], baseline: MetricPeriod[] | undefined, c = config) =>
  judge(
    {
      canary: summarise('new', canary),
      canaryPeriods: canary,
      ...(baseline
        ? { baseline: { ...summarise('old', baseline), source: 'rest-of-traffic' as const }, baselinePeriods: baseline }
        : {}),
    },
    c,
  );
const marks = (r: ReturnType<typeof run>) => r.verdicts.map((v) => `${v.rule.kind}:${v.mark}`);

describe('the canary verdict', () => {
  it('passes a canary like its baseline', () => {
    const r = run(periods(1, 500, 0.002, 100), periods(1, 5000, 0.002, 100));
    expect(r.judgement).toBe('pass');
    expect(marks(r)).toEqual(['max-error-rate:pass', 'error-rate-factor:pass', 'p99-ratio:pass']);
  });

  it('fails above the absolute maximum error rate, whatever the baseline does', () => {
    const r = run(periods(1, 500, 0.12, 100), periods(1, 5000, 0.11, 100));
    expect(r.judgement).toBe('fail');
    expect(marks(r)).toContain('max-error-rate:fail');
    expect(marks(r)).toContain('error-rate-factor:pass'); // not worse than this (bad) baseline
  });

  it('fails at errorRateFactor × the baseline only with errorRateMarginPercent more', () => {
    expect(marks(run(periods(1, 1000, 0.03, 100), periods(1, 5000, 0.01, 100)))).toContain('error-rate-factor:fail');
    // 0.3 % against 0.1 %: three times as many, but 0.2 points is noise below the 0.5 margin
    expect(marks(run(periods(1, 1000, 0.003, 100), periods(1, 5000, 0.001, 100)))).toContain('error-rate-factor:pass');
  });

  it('fails on the p99 ratio', () => {
    const r = run(periods(1, 500, 0, 300), periods(1, 5000, 0, 150));
    expect(r.verdicts.find((v) => v.rule.kind === 'p99-ratio')).toMatchObject({ mark: 'fail', rule: { limit: 1.5 } });
  });

  it('too little traffic on the canary or the baseline is its own verdict, not a pass', () => {
    expect(run(periods(1, 99, 0.5, 100), periods(1, 5000, 0, 100))).toMatchObject({
      judgement: 'low-traffic',
      verdicts: [
        { mark: 'low-traffic', rule: { kind: 'too-little-traffic', side: 'canary', requests: 99, minRequests: 100 } },
      ],
    });
    expect(run(periods(1, 500, 0, 100), periods(1, 10, 0, 100)).judgement).toBe('low-traffic');
  });

  it('with no baseline (a first deploy) applies the absolute limits only', () => {
    expect(marks(run(periods(1, 500, 0.01, 100), undefined))).toEqual(['max-error-rate:pass', 'no-baseline:pass']);
  });

  it('runs Mann-Whitney U per metric once each side has minPoints points', () => {
    expect(marks(run(periods(4, 200, 0.002, 100), periods(4, 2000, 0.002, 100)))).not.toContain('mann-whitney:pass');
    const slower = run(periods(6, 200, 0.002, 150, 0.2), periods(6, 2000, 0.002, 100, 0.2), {
      ...config,
      maxP99Ratio: 3,
    });
    const mw = slower.verdicts.find((v) => v.rule.kind === 'mann-whitney' && v.rule.metric === 'p99');
    expect(mw).toMatchObject({ mark: 'fail', rule: { points: { canary: 6, baseline: 6 }, allowedIncrease: 1.25 } });
    expect(mw?.rule.kind === 'mann-whitney' && mw.rule.confidence).toBeGreaterThan(0.99);
    const within = run(periods(6, 200, 0.002, 150), periods(6, 2000, 0.002, 100), {
      ...config,
      maxP99Ratio: 3,
      statistics: { ...config.statistics, allowedIncrease: 2 },
    });
    expect(within.judgement).toBe('pass'); // significant, but by less than the allowed increase
  });
});
