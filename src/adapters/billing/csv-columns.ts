import { dayInZone } from '../../domain/cost.js';

/**
 * Which column holds what, in the two CSV shapes users have: the GCP console's cost table ("Service
 * description", "SKU description", "Project ID", "Usage start date", "Cost ($)"…) and a file with the
 * BigQuery export's columns (service.description, sku.description, project.id, usage_start_time, cost,
 * credits…). Names are compared without case, spaces or punctuation.
 */
export interface Columns {
  day: number;
  service: number;
  cost: number;
  project?: number;
  sku?: number;
  credits?: number;
  usage?: number;
  unit?: number;
  currency?: number;
}

const ALIASES: Record<keyof Columns, string[]> = {
  day: ['usagestarttime', 'usagestartdate', 'usagestart', 'usagedate', 'date', 'day', 'starttime'],
  service: ['servicedescription', 'service', 'servicename'],
  cost: ['unroundedcost', 'cost', 'costamount', 'amount'],
  project: ['projectid', 'project', 'projectname'],
  sku: ['skudescription', 'sku', 'skuname'],
  credits: ['credits', 'creditsamount', 'creditamount', 'totalcredits', 'credit'],
  usage: ['usageamountinpricingunits', 'usageamount', 'usage'],
  unit: ['usagepricingunit', 'usageunit', 'pricingunit', 'unit'],
  currency: ['currency', 'currencycode'],
};

const REQUIRED: (keyof Columns)[] = ['day', 'service', 'cost'];

export const normalise = (name: string): string =>
  name
    .toLowerCase()
    .replace(/\(.*?\)/g, '')
    .replace(/[^a-z0-9]/g, '');

/** The column of each field, or the problem in words: which field is missing, and what the file has. */
export function findColumns(header: string[]): Columns | { problem: string } {
  const names = header.map(normalise);
  const found: Partial<Columns> = {};
  for (const [field, aliases] of Object.entries(ALIASES) as [keyof Columns, string[]][]) {
    const index = aliases.map((alias) => names.indexOf(alias)).find((i) => i >= 0);
    if (index !== undefined) found[field] = index;
  }
  const missing = REQUIRED.filter((field) => found[field] === undefined);
  if (missing.length > 0) {
    const expected = missing.map((f) => `${f} (one of: ${ALIASES[f].slice(0, 3).join(', ')})`).join('; ');
    return { problem: `no column for ${expected}. The header has: ${header.slice(0, 20).join(', ')}` };
  }
  return found as Columns;
}

/** A number as a cost table writes it: "1234.5", "1,234.50", "$12.00", "(3.10)" for a negative. */
export function parseAmount(text: string | undefined): number {
  if (text === undefined || text.trim() === '') return 0;
  const direct = Number(text);
  if (!Number.isNaN(direct)) return direct;
  if (!/\d/.test(text)) return Number.NaN;
  const negative = /^\s*(\(.*\)|-.*)\s*$/.test(text) || /^[^\d]*-/.test(text);
  const cleaned = Number(text.replace(/[^0-9.]/g, ''));
  return Number.isNaN(cleaned) ? Number.NaN : negative ? -cleaned : cleaned;
}

/** Credits: a number, or the export's repeated field as JSON ([{"name":…,"amount":-1.2}]). */
export function parseCredits(text: string | undefined): number {
  if (text === undefined || text === '' || text === '[]') return 0;
  if (text.startsWith('[')) {
    try {
      return (JSON.parse(text) as { amount?: number }[]).reduce((sum, c) => sum + (Number(c.amount) || 0), 0);
    } catch {
      return Number.NaN;
    }
  }
  return parseAmount(text);
}

/**
 * The day of a usage start in the time zone: a plain date stays as it is; a timestamp ("2026-11-01 08:00:00
 * UTC", ISO 8601 with or without an offset; no offset means UTC) is converted. Memoised: an export has few
 * distinct start times (hourly), and a million rows must not pay for a million Intl calls.
 */
export function dayReader(timeZone: string): (text: string) => string | null {
  const cache = new Map<string, string | null>();
  return (text) => {
    let day = cache.get(text);
    if (day === undefined) {
      day = readDay(text, timeZone);
      if (day !== null) day = detach(day);
      if (cache.size < 100_000) cache.set(detach(text), day);
    }
    return day;
  };
}

/**
 * A copy of a string that shares no memory with the text it was cut from. A parser's fields are slices of
 * its input chunk: keeping one (as a map key, say) would keep the whole chunk, and a million-row file
 * would stay in memory a megabyte at a time.
 */
export const detach = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

function readDay(text: string, timeZone: string): string | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return trimmed;
  const iso = trimmed.replace(/ UTC$/, 'Z').replace(' ', 'T');
  const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
  const time = Date.parse(withZone);
  return Number.isNaN(time) ? null : dayInZone(new Date(time), timeZone);
}
