import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { addDays } from '../../src/domain/cost.js';
import { DEMO_PROJECTS, PRODUCTION_SKUS } from './demo-skus.js';

/**
 * Demo billing data, the same for the BigQuery stand-in and the sandbox's CSV: rows shaped like the
 * standard billing export, deterministic (a seeded generator), for the days up to `end`. Two projects,
 * the services a Cloud Run team pays for, and stories the report should find: a Cloud Run spike 4–5 days
 * ago, idle min-instances, HA Cloud SQL in staging, Firestore reads outgrowing writes, growing egress,
 * log ingestion.
 */

export interface ExportRow {
  serviceId: string;
  service: string;
  skuId: string;
  sku: string;
  usageStart: string;
  usageEnd: string;
  project: string;
  region: string;
  cost: number;
  currency: string;
  usage: number;
  unit: string;
  credits: { name: string; amount: number }[];
}

/** mulberry32: small, fast, deterministic. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface DemoOptions {
  /** The last day (UTC) with data, YYYY-MM-DD. */
  end: string;
  days?: number;
  /** Usage windows per day: 4 for the sandbox, 24 (hourly, like the real export) for the bench. */
  windowsPerDay?: number;
  /** Extra copies of the production project (demo-project-01…), for big files. */
  extraProjects?: number;
  seed?: number;
}

/** The rows, oldest first, one per SKU, project and usage window. */
export function* demoBillingRows(options: DemoOptions): Generator<ExportRow> {
  const days = options.days ?? 90;
  const windows = options.windowsPerDay ?? 4;
  const next = random(options.seed ?? 20261122);
  const projects = Object.entries(DEMO_PROJECTS);
  for (let i = 0; i < (options.extraProjects ?? 0); i += 1)
    projects.push([`demo-project-${String(i + 1).padStart(2, '0')}`, PRODUCTION_SKUS]);
  const hours = 24 / windows;
  for (let age = days - 1; age >= 0; age -= 1) {
    const day = addDays(options.end, -age);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    for (let w = 0; w < windows; w += 1) {
      const start = new Date(Date.parse(`${day}T00:00:00Z`) + w * hours * 3_600_000);
      const usageStart = stamp(start);
      const usageEnd = stamp(new Date(start.getTime() + hours * 3_600_000));
      for (const [project, skus] of projects) {
        for (const s of skus) {
          const cost = round((s.daily / windows) * (s.shape?.(age, weekday) ?? 1) * (0.9 + 0.2 * next()));
          const credit = s.credit ? round((s.credit / windows) * (0.9 + 0.2 * next())) : 0;
          yield {
            serviceId: s.serviceId,
            service: s.service,
            skuId: skuId(s.sku),
            sku: s.sku,
            usageStart,
            usageEnd,
            project,
            region: 'europe-west1',
            cost,
            currency: 'USD',
            usage: round(cost / s.price),
            unit: s.unit,
            credits: credit ? [{ name: 'Free tier', amount: credit }] : [],
          };
        }
      }
    }
  }
}

const round = (n: number): number => Math.round(n * 1e6) / 1e6;
const stamp = (d: Date): string => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const skuId = (name: string): string => {
  let h = 0;
  for (const c of name) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  return h
    .toString(16)
    .toUpperCase()
    .padStart(8, '0')
    .replace(/^(.{4})(.{4})$/, '$1-$2');
};

/** The export's columns, flattened as a SELECT would (credits as JSON, BigQuery's way of writing a repeated field). */
export const CSV_HEADER =
  'billing_account_id,service.id,service.description,sku.id,sku.description,usage_start_time,usage_end_time,project.id,location.region,cost,currency,usage.amount_in_pricing_units,usage.pricing_unit,credits';

const quote = (v: string): string => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

export function csvLine(r: ExportRow): string {
  return [
    '010101-ABCDEF-123456',
    r.serviceId,
    r.service,
    r.skuId,
    r.sku,
    r.usageStart,
    r.usageEnd,
    r.project,
    r.region,
    String(r.cost),
    r.currency,
    String(r.usage),
    r.unit,
    r.credits.length ? JSON.stringify(r.credits) : '',
  ]
    .map(quote)
    .join(',');
}

/** Writes the rows as CSV, streaming (a million rows never sit in memory); resolves to the row count. */
export async function writeBillingCsv(
  path: string,
  rows: Iterable<ExportRow>,
  limit = Number.POSITIVE_INFINITY,
): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const out = createWriteStream(path);
  let count = 0;
  let buffer = `${CSV_HEADER}\n`;
  for (const row of rows) {
    if (count >= limit) break;
    buffer += `${csvLine(row)}\n`;
    count += 1;
    if (buffer.length > 1 << 16) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.end(buffer);
  await once(out, 'finish');
  return count;
}
