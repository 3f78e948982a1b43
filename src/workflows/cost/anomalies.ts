import { addDays, type Anomaly, type CostRow, type DayRange } from '../../domain/cost.js';
import { dailyBy } from './table.js';

export interface AnomalyOptions {
  /** How many MADs above the median a day must be. */
  k: number;
  trailingDays: number;
  /** The smallest increase over the median worth reporting, in the billing currency. */
  minIncrease: number;
}

/** MAD × 1.4826 estimates the standard deviation of normal data, so k reads like "k sigmas". */
const MAD_SCALE = 1.4826;
/** A day must also be this much above the median: a flat series has MAD 0, and a 3 % wobble is no anomaly. */
const MIN_RELATIVE_INCREASE = 0.2;
/** Fewer days of history than this and there is no baseline to speak of. */
const MIN_BASELINE_DAYS = 7;

export const describeMethod = (o: AnomalyOptions, currency: string): string =>
  `daily cost per service above median + ${o.k}·MAD (scaled ×${MAD_SCALE}) of the trailing ${o.trailingDays} days, and at least ${o.minIncrease} ${currency} and ${MIN_RELATIVE_INCREASE * 100}% above that median`;

export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Days of `period` whose cost, per service, is above median + k·MAD of the trailing days (history before
 * the data starts does not count as zero). Consecutive anomalous days of a service make one anomaly.
 * Largest excess first. `deploys` are filled in later, from the deploy history.
 */
export function findAnomalies(rows: CostRow[], period: DayRange, data: DayRange, options: AnomalyOptions): Anomaly[] {
  const last = period.to < data.to ? period.to : data.to;
  if (last < period.from) return [];
  const window = { from: addDays(period.from, -options.trailingDays), to: last };
  const { days, series } = dailyBy(rows, window, 'service');
  const anomalies: Anomaly[] = [];
  for (const [service, values] of series) {
    let run: Anomaly | undefined;
    for (let i = options.trailingDays; i < days.length; i += 1) {
      const day = days[i]!;
      const history = values
        .slice(i - options.trailingDays, i)
        .filter((_, j) => days[i - options.trailingDays + j]! >= data.from);
      const hit = history.length >= MIN_BASELINE_DAYS ? check(values[i]!, history, options) : null;
      if (!hit) {
        if (run) anomalies.push(run);
        run = undefined;
        continue;
      }
      const excess = values[i]! - hit.baseline;
      if (!run)
        run = {
          service,
          from: day,
          to: day,
          peakDay: day,
          peakAmount: values[i]!,
          baseline: hit.baseline,
          excess: 0,
          deploys: [],
        };
      run.to = day;
      run.excess += excess;
      if (values[i]! > run.peakAmount)
        Object.assign(run, { peakDay: day, peakAmount: values[i]!, baseline: hit.baseline });
    }
    if (run) anomalies.push(run);
  }
  return anomalies.sort((a, b) => b.excess - a.excess);
}

function check(value: number, history: number[], o: AnomalyOptions): { baseline: number } | null {
  const baseline = median(history);
  const mad = median(history.map((v) => Math.abs(v - baseline)));
  const increase = value - baseline;
  if (increase <= o.k * MAD_SCALE * mad) return null;
  if (increase < o.minIncrease || increase < MIN_RELATIVE_INCREASE * Math.abs(baseline)) return null;
  return { baseline };
}
