import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { once } from 'node:events';
import { addDays } from '../../src/domain/cost.js';

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

interface Sku {
  service: string;
  serviceId: string;
  sku: string;
  unit: string;
  /** Cost per day in USD, and price per unit. */
  daily: number;
  price: number;
  /** Cost multiplier on day `age` (0 = end day), for growth and spikes. */
  shape?: (age: number, weekday: number) => number;
  credit?: number;
}

const weekdayLoad = (_age: number, weekday: number) => (weekday === 0 || weekday === 6 ? 0.7 : 1.1);
const RUN = { service: 'Cloud Run', serviceId: '152E-C115-5142' };
const SQL = { service: 'Cloud SQL', serviceId: '9662-B51E-5089' };
const FIRESTORE = { service: 'Cloud Firestore', serviceId: 'EE2C-7FAC-5E08' };

const PROD: Sku[] = [
  {
    ...RUN,
    sku: 'CPU Allocation Time (tier 1)',
    unit: 'vCPU-second',
    daily: 19,
    price: 0.000024,
    shape: (age, wd) => weekdayLoad(age, wd) * (age === 4 || age === 5 ? 3.4 : 1),
    credit: -0.6,
  },
  {
    ...RUN,
    sku: 'Memory Allocation Time (tier 1)',
    unit: 'GiB-second',
    daily: 6,
    price: 0.0000025,
    shape: (age, wd) => weekdayLoad(age, wd) * (age === 4 || age === 5 ? 2.8 : 1),
  },
  { ...RUN, sku: 'Requests (tier 1)', unit: 'requests', daily: 2.2, price: 0.0000004, shape: weekdayLoad },
  { ...RUN, sku: 'Idle Min-Instance CPU Allocation Time (tier 1)', unit: 'vCPU-second', daily: 4.1, price: 0.0000025 },
  {
    ...RUN,
    sku: 'Idle Min-Instance Memory Allocation Time (tier 1)',
    unit: 'GiB-second',
    daily: 1.3,
    price: 0.0000025,
  },
  { ...SQL, sku: 'Cloud SQL for PostgreSQL: Zonal - vCPU in Belgium', unit: 'vCPU-hour', daily: 27, price: 0.0413 },
  { ...SQL, sku: 'Cloud SQL for PostgreSQL: Zonal - RAM in Belgium', unit: 'GiB-hour', daily: 9.5, price: 0.007 },
  {
    ...SQL,
    sku: 'Cloud SQL for PostgreSQL: Zonal - Standard storage in Belgium',
    unit: 'GiB-month',
    daily: 2.1,
    price: 0.187,
  },
  {
    ...FIRESTORE,
    sku: 'Cloud Firestore Read Ops',
    unit: 'operations',
    daily: 5.5,
    price: 0.00000036,
    shape: (age) => (age < 14 ? 2.1 : age < 28 ? 1.2 : 1),
  },
  { ...FIRESTORE, sku: 'Cloud Firestore Entity Writes', unit: 'operations', daily: 3.2, price: 0.00000108 },
  { ...FIRESTORE, sku: 'Cloud Firestore Storage', unit: 'GiB-month', daily: 0.9, price: 0.18 },
  {
    service: 'Networking',
    serviceId: 'E505-1604-58F8',
    sku: 'Network Internet Data Transfer Out from EMEA to Americas',
    unit: 'GiB',
    daily: 4.4,
    price: 0.12,
    shape: (age, wd) => weekdayLoad(age, wd) * (age < 14 ? 1.45 : 1),
  },
  { service: 'Cloud Logging', serviceId: '5490-F7B7-8DF6', sku: 'Log Volume', unit: 'GiB', daily: 5.6, price: 0.5 },
  {
    service: 'Cloud Storage',
    serviceId: '95FF-2EF5-5EA1',
    sku: 'Standard Storage Europe Multi-region',
    unit: 'GiB-month',
    daily: 2.3,
    price: 0.026,
  },
  {
    service: 'BigQuery',
    serviceId: '24E6-581D-38E5',
    sku: 'Analysis',
    unit: 'tebibyte',
    daily: 3.1,
    price: 6.25,
    shape: weekdayLoad,
  },
  {
    service: 'Artifact Registry',
    serviceId: '149C-F9EC-3994',
    sku: 'Artifact Registry Storage',
    unit: 'GiB-month',
    daily: 0.8,
    price: 0.1,
  },
];

const STAGING: Sku[] = [
  {
    ...RUN,
    sku: 'CPU Allocation Time (tier 1)',
    unit: 'vCPU-second',
    daily: 5.2,
    price: 0.000024,
    shape: weekdayLoad,
    credit: -0.4,
  },
  {
    ...RUN,
    sku: 'Memory Allocation Time (tier 1)',
    unit: 'GiB-second',
    daily: 1.7,
    price: 0.0000025,
    shape: weekdayLoad,
  },
  { ...SQL, sku: 'Cloud SQL for PostgreSQL: Regional - vCPU in Belgium', unit: 'vCPU-hour', daily: 8.2, price: 0.0826 },
  { ...SQL, sku: 'Cloud SQL for PostgreSQL: Regional - RAM in Belgium', unit: 'GiB-hour', daily: 2.8, price: 0.014 },
  { service: 'Cloud Logging', serviceId: '5490-F7B7-8DF6', sku: 'Log Volume', unit: 'GiB', daily: 1.4, price: 0.5 },
];

export const DEMO_PROJECTS: Record<string, Sku[]> = { 'demo-project': PROD, 'demo-project-staging': STAGING };

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
    projects.push([`demo-project-${String(i + 1).padStart(2, '0')}`, PROD]);
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
