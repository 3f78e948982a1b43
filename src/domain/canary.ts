import type { MonitoringLinks } from './deploy-gates.js';
import { collection } from './collection.js';
import { canaryRecordSchema } from './canary-schema.js';

/**
 * Canary analysis as facts: what Cloud Monitoring said about the canary and its baseline in one step's window,
 * and the verdict of each rule. Workflows produce these; blocks/ word them. Rates are fractions (0.05 = 5 %),
 * latencies milliseconds.
 */

/** A latency histogram: `bounds[i]` is the upper bound of bucket i; the last bucket (counts.length - 1) has none. */
export interface Histogram {
  bounds: number[];
  counts: number[];
}

/** One revision's numbers over a window. Percentiles are absent when it served no request. */
export interface TrafficSummary {
  revision: string;
  requests: number;
  errors: number;
  errorRate: number;
  p50?: number;
  p95?: number;
  p99?: number;
}

/** One point of the chart: the end of an alignment period and that period's numbers. */
export interface SeriesPoint {
  at: string;
  requests: number;
  errorRate: number;
  p99?: number;
}

export type RuleMark = 'pass' | 'low-traffic' | 'fail';

/** The rule that decided a metric's verdict, with its numbers. */
export type CanaryRule =
  | { kind: 'max-error-rate'; limit: number; canary: number }
  | { kind: 'error-rate-factor'; factor: number; margin: number; canary: number; baseline: number }
  | { kind: 'p99-ratio'; limit: number; canary: number; baseline: number }
  | {
      kind: 'mann-whitney';
      metric: 'error-rate' | 'p99';
      /** How sure the test is that the canary is higher (1 - one-sided p). */
      confidence: number;
      required: number;
      /** The canary's median over the baseline's. */
      increase: number;
      allowedIncrease: number;
      points: { canary: number; baseline: number };
    }
  | { kind: 'too-little-traffic'; side: 'canary' | 'baseline'; requests: number; minRequests: number }
  /** No revision to compare with (a first deploy): the absolute limits alone. */
  | { kind: 'no-baseline' };

export interface RuleVerdict {
  metric: 'error-rate' | 'p99' | 'statistics';
  mark: RuleMark;
  rule: CanaryRule;
}

/** Where the baseline's numbers come from. */
export type BaselineSource = 'rest-of-traffic' | 'fresh-revision' | 'earlier-step';

export type StepOutcome =
  | 'pass'
  /** Too little traffic, passed by `tooLittleTraffic: pass`. */
  | 'pass-low-traffic'
  | 'fail';

/** One canary step's analysis (the last one, after extensions and holds). */
export interface CanaryStepAnalysis {
  step: string;
  percent: number;
  bakeSeconds: number;
  start: string;
  end: string;
  canary: TrafficSummary;
  baseline?: TrafficSummary & { source: BaselineSource };
  verdicts: RuleVerdict[];
  outcome: StepOutcome;
  /** How many times the bake was extended for too little traffic. */
  extensions: number;
  series: { canary: SeriesPoint[]; baseline: SeriesPoint[] };
}

/** The analysis of one deploy, beside its record (written only by the instance holding the deploy's lease). */
export interface CanaryRecord {
  deploymentId: string;
  revision: string;
  /** The fresh baseline revision, when `analysis.baseline` is fresh-revision. */
  baselineRevision?: string;
  links: MonitoringLinks;
  steps: CanaryStepAnalysis[];
}

export const CANARY_ANALYSES = collection('canary-analyses', canaryRecordSchema);

/** What a rollout reports about its analysis as it goes: a reply in the plan's thread each. */
export type CanaryProgress =
  | { kind: 'links'; links: MonitoringLinks; revision: string; baselineRevision?: string }
  | { kind: 'analysed'; analysis: CanaryStepAnalysis }
  /** Too little traffic: the bake goes on for another `bakeSeconds`. */
  | { kind: 'extending'; step: string; extension: number; of: number; canary: TrafficSummary; minRequests: number }
  /** Cloud Monitoring failed; `holding`: traffic stays and the bot asks again until `until`. */
  | { kind: 'metrics-unavailable'; step: string; error: string; holding: boolean; until?: string };
