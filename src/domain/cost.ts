/**
 * Cost reports: the domain types the cost workflow produces and the Slack surface renders, plus the few
 * calendar helpers every part needs (days are `YYYY-MM-DD` strings in the config's time zone).
 */

/** How a report groups spend: the billing export's service, project or SKU. */
export type CostDimension = 'service' | 'project' | 'sku';

/** Net cost (credits included) of one day, service, project and SKU: what a cost source returns. */
export interface CostRow {
  day: string;
  service: string;
  project: string;
  sku: string;
  cost: number;
  /** Usage in the SKU's pricing unit, when the source has it (0 otherwise). */
  usage: number;
  unit: string;
}

export interface CostData {
  rows: CostRow[];
  /** The billing currency the data is in, when the source says. */
  currency: string | null;
  /** What the reader should know about the data, e.g. rows that could not be read. */
  notes?: string[];
}

/** An inclusive range of days. */
export interface DayRange {
  from: string;
  to: string;
}

export interface Period extends DayRange {
  /** What the user asked for, e.g. "month", "last-month", "2026-11-01..2026-11-15". */
  kind: 'week' | 'month' | 'last-month' | 'range';
  /** "November 2026 to date (Nov 1–22)". */
  label: string;
}

// The report's own types live in cost-report.ts.
export type { Amount, Anomaly, ChartData, CostReport, LinedUpDeploy } from './cost-report.js';
export type { Mover, Opportunity, RecommendedAction, Risk } from './cost-report.js';

// ---- calendar helpers: plain dates, no time zone, UTC arithmetic ----

const DAY_MS = 86_400_000;

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS);
}

export function isValidDay(day: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return false;
  const time = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === day;
}

export const monthStart = (day: string): string => `${day.slice(0, 7)}-01`;

export function monthEnd(day: string): string {
  const [y, m] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

/** Every day of an inclusive range, in order. */
export function daysOf(range: DayRange): string[] {
  const days: string[] = [];
  for (let d = range.from; d <= range.to; d = addDays(d, 1)) days.push(d);
  return days;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in a time zone. */
export function dayInZone(instant: Date, timeZone: string): string {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, format);
  }
  return format.format(instant);
}

/** The instant a day starts in a time zone (DST-aware: found by correcting the zone's offset twice). */
export function startOfDayInZone(day: string, timeZone: string): Date {
  const guess = Date.parse(`${day}T00:00:00Z`);
  let instant = guess;
  for (let i = 0; i < 2; i += 1) instant = guess - offsetMs(new Date(instant), timeZone);
  return new Date(instant);
}

function offsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const local = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return local - Math.floor(instant.getTime() / 1000) * 1000;
}

// ---- labels a reader knows: "Nov 18", "Nov 1–22" ----

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

const monthOf = (day: string): number => Number(day.slice(5, 7)) - 1;

export const monthLabel = (day: string): string => `${LONG_MONTHS[monthOf(day)]} ${day.slice(0, 4)}`;

/** "Nov 18". */
export const dayLabel = (day: string): string => `${MONTHS[monthOf(day)]} ${Number(day.slice(8, 10))}`;

/** A run of days without the year: "Nov 18", "Nov 15–16", "Oct 31 – Nov 1". */
export function daysLabel(from: string, to: string): string {
  if (from === to) return dayLabel(from);
  if (from.slice(0, 7) === to.slice(0, 7)) return `${dayLabel(from)}–${Number(to.slice(8, 10))}`;
  return `${dayLabel(from)} – ${dayLabel(to)}`;
}

/** "Nov 1–22", "Oct 27 – Nov 2", "Dec 28, 2025 – Jan 3, 2026". */
export function rangeLabel(range: DayRange): string {
  if (range.from === range.to) return `${dayLabel(range.from)}, ${range.from.slice(0, 4)}`;
  if (range.from.slice(0, 4) !== range.to.slice(0, 4))
    return `${dayLabel(range.from)}, ${range.from.slice(0, 4)} – ${dayLabel(range.to)}, ${range.to.slice(0, 4)}`;
  return daysLabel(range.from, range.to);
}

/** One threshold of a GCP budget crossed, from a Budget notification. */
export interface BudgetAlert {
  budgetId: string;
  budgetName: string;
  /** 'actual': the cost crossed it; 'forecast': the month's forecast will. */
  kind: 'actual' | 'forecast';
  /** 0.5 = 50 %. */
  threshold: number;
  costAmount: number;
  budgetAmount: number;
  currency: string;
  /** The budget period's month, YYYY-MM. */
  month: string;
  /** The billing account the budget belongs to, when the notification names it (for the console link). */
  billingAccountId?: string;
}

/** "$1,234.56"; whole units from 10,000 on. */
export function formatMoney(amount: number, currency: string): string {
  const digits = Math.abs(amount) >= 10_000 ? 0 : 2;
  try {
    return new Intl.NumberFormat('en-US', {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }).format(amount);
  } catch {
    return `${amount.toFixed(digits)} ${currency}`;
  }
}

/** "+12.5%", "−3.0%". */
export function formatPercent(ratio: number, signed = false): string {
  const text = `${(Math.abs(ratio) * 100).toFixed(1)}%`;
  if (!signed) return ratio < 0 ? `−${text}` : text;
  return `${ratio < 0 ? '−' : '+'}${text}`;
}
