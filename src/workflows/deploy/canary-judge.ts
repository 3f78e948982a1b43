import type { BaselineSource, RuleVerdict, TrafficSummary } from '../../domain/canary.js';
import type { CanaryAnalysisConfig } from '../../config/schema-canary.js';
import type { MetricPeriod } from '../../ports/metrics.js';
import { mannWhitney, median, seriesOf } from './canary-stats.js';

export type Judgement = 'pass' | 'low-traffic' | 'fail';

export interface JudgeInput {
  canary: TrafficSummary;
  canaryPeriods: MetricPeriod[];
  baseline?: TrafficSummary & { source: BaselineSource };
  /** Absent for a baseline from an earlier step: its periods are not compared point by point. */
  baselinePeriods?: MetricPeriod[];
}

/**
 * The verdict of each rule, canary against baseline, and the step's: any ❌ fails it; otherwise too little traffic
 * on either side is `low-traffic` (what that means is the config's `tooLittleTraffic`); otherwise it passes.
 */
export function judge(
  input: JudgeInput,
  config: CanaryAnalysisConfig,
): { verdicts: RuleVerdict[]; judgement: Judgement } {
  const { canary, baseline } = input;
  const verdicts: RuleVerdict[] = [];
  const min = config.minRequests;
  if (canary.requests < min) {
    verdicts.push({
      metric: 'error-rate',
      mark: 'low-traffic',
      rule: { kind: 'too-little-traffic', side: 'canary', requests: canary.requests, minRequests: min },
    });
    return { verdicts, judgement: 'low-traffic' };
  }
  const limit = config.maxErrorRatePercent / 100;
  verdicts.push({
    metric: 'error-rate',
    mark: canary.errorRate > limit ? 'fail' : 'pass',
    rule: { kind: 'max-error-rate', limit, canary: canary.errorRate },
  });
  if (!baseline) {
    verdicts.push({ metric: 'p99', mark: 'pass', rule: { kind: 'no-baseline' } });
  } else if (baseline.requests < min) {
    verdicts.push({
      metric: 'p99',
      mark: 'low-traffic',
      rule: { kind: 'too-little-traffic', side: 'baseline', requests: baseline.requests, minRequests: min },
    });
  } else {
    verdicts.push(...relative(canary, baseline, config));
    if (input.baselinePeriods) verdicts.push(...statistics(input.canaryPeriods, input.baselinePeriods, config));
  }
  const marks = new Set(verdicts.map((v) => v.mark));
  return { verdicts, judgement: marks.has('fail') ? 'fail' : marks.has('low-traffic') ? 'low-traffic' : 'pass' };
}

function relative(canary: TrafficSummary, baseline: TrafficSummary, config: CanaryAnalysisConfig): RuleVerdict[] {
  const margin = config.errorRateMarginPercent / 100;
  const factor = config.errorRateFactor;
  const worse = canary.errorRate > factor * baseline.errorRate && canary.errorRate - baseline.errorRate > margin;
  const verdicts: RuleVerdict[] = [
    {
      metric: 'error-rate',
      mark: worse ? 'fail' : 'pass',
      rule: { kind: 'error-rate-factor', factor, margin, canary: canary.errorRate, baseline: baseline.errorRate },
    },
  ];
  if (canary.p99 !== undefined && baseline.p99 !== undefined && baseline.p99 > 0) {
    const slower = canary.p99 / baseline.p99 > config.maxP99Ratio;
    verdicts.push({
      metric: 'p99',
      mark: slower ? 'fail' : 'pass',
      rule: { kind: 'p99-ratio', limit: config.maxP99Ratio, canary: canary.p99, baseline: baseline.p99 },
    });
  }
  return verdicts;
}

/** Mann-Whitney U per metric, once each side has `statistics.minPoints` periods with traffic. */
function statistics(canary: MetricPeriod[], baseline: MetricPeriod[], config: CanaryAnalysisConfig): RuleVerdict[] {
  const { minPoints, confidence: required, allowedIncrease } = config.statistics;
  const [c, b] = [seriesOf(canary), seriesOf(baseline)];
  if (c.length < minPoints || b.length < minPoints) return [];
  const margin = config.errorRateMarginPercent / 100;
  const compare = (metric: 'error-rate' | 'p99', x: number[], y: number[]): RuleVerdict | undefined => {
    if (x.length < minPoints || y.length < minPoints) return undefined;
    const { confidence } = mannWhitney(x, y);
    const [mx, my] = [median(x), median(y)];
    const increase = my > 0 ? mx / my : mx > 0 ? Number.POSITIVE_INFINITY : 1;
    const material = metric === 'p99' ? increase > allowedIncrease : increase > allowedIncrease && mx - my > margin;
    return {
      metric: 'statistics',
      mark: confidence >= required && material ? 'fail' : 'pass',
      rule: {
        kind: 'mann-whitney',
        metric,
        confidence,
        required,
        increase: Number.isFinite(increase) ? increase : 1e9,
        allowedIncrease,
        points: { canary: x.length, baseline: y.length },
      },
    };
  };
  const p99s = (s: typeof c) => s.flatMap((p) => (p.p99 !== undefined ? [p.p99] : []));
  return [
    compare(
      'error-rate',
      c.map((p) => p.errorRate),
      b.map((p) => p.errorRate),
    ),
    compare('p99', p99s(c), p99s(b)),
  ].filter((v): v is RuleVerdict => v !== undefined);
}
