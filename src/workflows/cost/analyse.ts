import type { CostSettings } from '../../config/schema-cost.js';
import {
  addDays,
  dayLabel,
  daysBetween,
  formatMoney,
  monthEnd,
  monthStart,
  type Amount,
  type ChartData,
  type CostData,
  type CostDimension,
  type CostReport,
  type DayRange,
  type Mover,
} from '../../domain/cost.js';
import { describeMethod, findAnomalies } from './anomalies.js';
import { findOpportunities } from './opportunities.js';
import type { ResolvedPeriod } from './periods.js';
import { dailyBy, dataSpan, lastDays, sum, sumBy } from './table.js';

export interface AnalysisInput {
  data: CostData;
  resolved: ResolvedPeriod;
  today: string;
  by: CostDimension;
  settings: CostSettings;
  budget: { monthly: number; currency: string };
  timeZone: string;
  source: string;
  now: Date;
}

const CHART_DAYS = 28;
const CHART_SERIES = 5;
const MOVERS = 3;

/** The days a report reads: the period, what it is compared with, the anomaly baseline, the month, the chart. */
export function rangeNeeded(resolved: ResolvedPeriod, today: string, settings: CostSettings): DayRange {
  const { period, previous } = resolved;
  const froms = [
    previous.from,
    addDays(period.from, -settings.anomalies.trailingDays),
    addDays(period.to, -(CHART_DAYS + 6)),
    monthStart(today),
    addDays(today, -14),
  ];
  return { from: froms.sort()[0]!, to: period.to > today ? period.to : today };
}

/** Everything but the deploys that line up with anomalies and the recommended actions, which come after. */
export function analyseCosts(input: AnalysisInput): CostReport {
  const { data, resolved, today, by, settings } = input;
  const { rows } = data;
  const { period, previous } = resolved;
  const currency = data.currency ?? input.budget.currency;
  const span = dataSpan(rows);
  const total = sum(rows, period);
  const previousTotal = sum(rows, previous);
  const asOf = span && span.to < period.to ? span.to : period.to;

  const notes: string[] = [...(data.notes ?? [])];
  if (!span) notes.push(`No cost data between ${input.resolved.previous.from} and ${today} in ${input.source}.`);
  else if (span.from > previous.from)
    notes.push(`The data starts on ${span.from}, so the comparison with ${previous.label} is incomplete.`);
  if (data.currency && data.currency !== input.budget.currency)
    notes.push(
      `The billing data is in ${data.currency} but budget.currency is ${input.budget.currency}; amounts are compared as they are.`,
    );

  const month = { from: monthStart(today), to: today };
  return {
    period,
    previous,
    by,
    currency,
    timeZone: input.timeZone,
    generatedAt: input.now.toISOString(),
    source: input.source,
    dataThrough: span?.to ?? null,
    total,
    previousTotal,
    monthToDate: { ...month, amount: sum(rows, month) },
    budget: { monthly: input.budget.monthly, currency: input.budget.currency },
    forecast: forecast(data, today, currency, span?.to ?? null),
    breakdown: breakdown(sumBy(rows, period, by), total, settings.breakdownTop),
    movers: movers(sumBy(rows, period, by), sumBy(rows, previous, by), Math.max(total, previousTotal)),
    anomalies: span ? findAnomalies(rows, period, span, settings.anomalies) : [],
    anomalyMethod: describeMethod(settings.anomalies, currency),
    opportunities: span ? findOpportunities(rows, asOf, currency, settings.minMonthlySavings) : [],
    actions: [],
    chart: chart(data, lastDays(period.to, CHART_DAYS)),
    notes,
  };
}

/**
 * Month to date (complete days) plus the average of the last 7 complete days for each day left. Today's
 * data is still arriving, so it counts as a day left, not as a complete one.
 */
function forecast(data: CostData, today: string, currency: string, dataThrough: string | null): CostReport['forecast'] {
  const yesterday = addDays(today, -1);
  const lastComplete = dataThrough && dataThrough < yesterday ? dataThrough : yesterday;
  const from = monthStart(today);
  const to = monthEnd(today);
  const rate = sum(data.rows, lastDays(lastComplete, 7)) / 7;
  const completed = lastComplete >= from ? sum(data.rows, { from, to: lastComplete }) : 0;
  const daysLeft = daysBetween(lastComplete >= from ? lastComplete : addDays(from, -1), to);
  const amount = Math.max(completed + rate * daysLeft, sum(data.rows, { from, to: today }));
  const basis = `${completed > 0 ? `spend to ${dayLabel(lastComplete)}` : 'nothing spent yet this month'} + ${formatMoney(rate, currency)}/day (the average of the 7 days to ${dayLabel(lastComplete)}) × ${daysLeft} days left`;
  return { amount, dailyRunRate: rate, basis };
}

function breakdown(totals: Map<string, number>, total: number, top: number): CostReport['breakdown'] {
  const share = (amount: number) => (total > 0 ? amount / total : 0);
  const sorted: Amount[] = [...totals]
    .map(([key, amount]) => ({ key, amount, share: share(amount) }))
    .sort((a, b) => b.amount - a.amount);
  if (sorted.length <= top + 1) return { items: sorted, other: null };
  const rest = sorted.slice(top);
  const amount = rest.reduce((s, x) => s + x.amount, 0);
  return { items: sorted.slice(0, top), other: { count: rest.length, amount, share: share(amount) } };
}

/** The largest changes, up or down, ignoring those under 1 % of the larger total. */
function movers(current: Map<string, number>, previous: Map<string, number>, scale: number): Mover[] {
  const keys = new Set([...current.keys(), ...previous.keys()]);
  return [...keys]
    .map((key) => {
      const [now, before] = [current.get(key) ?? 0, previous.get(key) ?? 0];
      return {
        key,
        previous: before,
        current: now,
        change: now - before,
        changeRatio: before > 0 ? (now - before) / before : null,
      };
    })
    .filter((m) => Math.abs(m.change) >= Math.max(0.01 * scale, 0.01))
    .sort((a, b) => Math.abs(b.change) - Math.abs(a.change))
    .slice(0, MOVERS);
}

/** Daily spend of the top services over the chart's days; the rest is "Other". */
function chart(data: CostData, range: DayRange): ChartData {
  const { days, series } = dailyBy(data.rows, range, 'service');
  const ranked = [...series]
    .map(([name, values]) => ({ name, values, total: values.reduce((s, v) => s + v, 0) }))
    .sort((a, b) => b.total - a.total);
  const top = ranked.slice(0, CHART_SERIES).map(({ name, values }) => ({ name, values }));
  const rest = ranked.slice(CHART_SERIES);
  if (rest.length > 0)
    top.push({ name: 'Other', values: days.map((_, i) => rest.reduce((s, r) => s + r.values[i]!, 0)) });
  return { days, series: top };
}
