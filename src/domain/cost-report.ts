import type { CostDimension, DayRange, Period } from './cost.js';

/** The Cost Analysis Report and its parts: what the cost workflow produces and the Slack surface renders. */

export interface Amount {
  key: string;
  amount: number;
  /** Of the period's total, 0..1. */
  share: number;
}

export interface Mover {
  key: string;
  previous: number;
  current: number;
  change: number;
  /** null when there was nothing before. */
  changeRatio: number | null;
}

export interface LinedUpDeploy {
  id: string;
  service: string;
  environment: string;
  sha: string;
  requestedBy: string;
  at: string;
  status: string;
}

export interface Anomaly {
  service: string;
  /** First and last anomalous day of a run of consecutive days. */
  from: string;
  to: string;
  peakDay: string;
  peakAmount: number;
  /** The trailing median the peak is compared with. */
  baseline: number;
  /** Sum over the run of (cost − baseline). */
  excess: number;
  deploys: LinedUpDeploy[];
}

export type Risk = 'low' | 'medium' | 'high';

export interface Opportunity {
  rule: string;
  title: string;
  /** The evidence, in a sentence or two. */
  detail: string;
  monthlySavings: number;
  risk: Risk;
  how: string;
}

export interface ChartData {
  days: string[];
  /** Largest first; the last may be "Other". */
  series: { name: string; values: number[] }[];
}

export interface CostReport {
  period: Period;
  previous: DayRange & { label: string };
  by: CostDimension;
  currency: string;
  timeZone: string;
  generatedAt: string;
  /** Where the numbers come from, e.g. "BigQuery table p.d.t" or "CSV file billing.csv". */
  source: string;
  /** The last day with any cost in the data (the export lags by hours), or null when there is none. */
  dataThrough: string | null;
  total: number;
  previousTotal: number;
  monthToDate: DayRange & { amount: number };
  budget: { monthly: number; currency: string };
  forecast: { amount: number; dailyRunRate: number; basis: string };
  breakdown: { items: Amount[]; other: { count: number; amount: number; share: number } | null };
  movers: Mover[];
  anomalies: Anomaly[];
  anomalyMethod: string;
  opportunities: Opportunity[];
  /** Prioritised, at most five; the Slack surface words them (blocks/cost-actions.ts). */
  actions: RecommendedAction[];
  chart: ChartData;
  /** Things the reader should know about the data, e.g. a currency that differs from the budget's. */
  notes: string[];
}

/** What the report recommends, most urgent first, as facts. */
export type RecommendedAction =
  /** The forecast is over the monthly budget: act before the month ends (`monthEnd`). */
  | { kind: 'over-budget'; over: number; budget: number; monthEnd: string }
  /** A cost jump with a deploy that lines up with it: the first suspect. */
  | { kind: 'check-deploy'; anomaly: Anomaly; deploy: LinedUpDeploy }
  /** A cost jump with no deploy beside it: look at its SKUs. */
  | { kind: 'find-change'; anomaly: Anomaly }
  | { kind: 'saving'; opportunity: Opportunity }
  | { kind: 'nothing-urgent' };
