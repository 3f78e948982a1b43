import type { CanaryRule, CanaryStepAnalysis, RuleVerdict } from './canary.js';

/**
 * The canary's numbers and rules in plain words, shared by the step's detail (the plan card and the report) and
 * the thread's analysis reply (blocks/deploy-canary.ts), so a rule is explained the same way everywhere.
 */

/** A rate as a percentage: 0.1212 → "12.1 %", 0.0004 → "0.04 %". */
export function percent(rate: number): string {
  const p = rate * 100;
  const digits = p >= 10 ? 1 : 2;
  return `${Number(p.toFixed(digits))} %`;
}

export const ms = (value: number | undefined): string => (value === undefined ? '—' : `${Math.round(value)} ms`);

/** The rule and its numbers, e.g. "5xx rate 12.1 % is above the maximum 5 %". */
export function ruleWords(rule: CanaryRule): string {
  switch (rule.kind) {
    case 'max-error-rate':
      return `5xx rate ${percent(rule.canary)} ${rule.canary > rule.limit ? 'is above' : 'is within'} the maximum ${percent(rule.limit)}`;
    case 'error-rate-factor':
      return `5xx rate ${percent(rule.canary)} against the baseline's ${percent(rule.baseline)} (fails above ${rule.factor}× and ${percent(rule.margin)} more)`;
    case 'p99-ratio':
      return `p99 ${ms(rule.canary)} against the baseline's ${ms(rule.baseline)}: ×${(rule.canary / rule.baseline).toFixed(2)} (limit ×${rule.limit})`;
    case 'mann-whitney': {
      const what = rule.metric === 'p99' ? 'p99 latency' : '5xx rate';
      const sure = `${(rule.confidence * 100).toFixed(1)} % confidence`;
      const increase = rule.increase >= 1e9 ? 'from zero' : `×${rule.increase.toFixed(2)}`;
      return `Mann-Whitney U on ${rule.points.canary} + ${rule.points.baseline} points: ${what} higher with ${sure} (needs ${(rule.required * 100).toFixed(1)} %), median ${increase} (allowed ×${rule.allowedIncrease})`;
    }
    case 'too-little-traffic':
      return `too little traffic: ${rule.requests} ${rule.side} requests, ${rule.minRequests} needed`;
    case 'no-baseline':
      return 'no baseline to compare with: absolute limits only';
  }
}

/** Why a step's analysis failed, for the step's detail: the failing rules, or too little traffic. */
export function failureWords(analysis: CanaryStepAnalysis): string {
  const failed = analysis.verdicts.filter((v: RuleVerdict) => v.mark === 'fail');
  const reasons = (failed.length ? failed : analysis.verdicts.filter((v) => v.mark === 'low-traffic')).map((v) =>
    ruleWords(v.rule),
  );
  const extended = analysis.extensions ? ` after ${analysis.extensions} extended bake(s)` : '';
  return `canary analysis failed${extended}: ${reasons.join('; ')}`;
}

/** The step's numbers in one line, for its detail: canary against baseline. */
export function summaryWords(analysis: CanaryStepAnalysis): string {
  const c = analysis.canary;
  const b = analysis.baseline;
  const vs = b ? ` (baseline ${percent(b.errorRate)}, p99 ${ms(b.p99)})` : '';
  const low = analysis.outcome === 'pass-low-traffic' ? ', passed with too little traffic' : '';
  return `metrics: ${c.requests} requests, 5xx ${percent(c.errorRate)}, p99 ${ms(c.p99)}${vs}${low}`;
}
