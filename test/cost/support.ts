import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/ports/clock.js';
import { demoBillingRows, writeBillingCsv } from '../../sandbox/bigquery/demo-billing.js';

/** Friday 2026-11-20, 10:00 UTC (11:00 in Berlin): "week" is Nov 13–19, "month" Nov 1–20. */
export const NOW = new Date('2026-11-20T10:00:00Z');
export const TODAY = '2026-11-20';

/** A clock that stands still, and sleeps without waiting. */
export function fixedClock(now: Date = NOW): Clock & { set(date: Date): void } {
  let current = now;
  return { now: () => current, sleep: async () => undefined, set: (date) => void (current = date) };
}

/** The demo billing CSV ending on `end` (the spike is on end−4 and end−5: Nov 15–16), in a fresh folder. */
export async function demoCsv(end = TODAY): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'chatops-cost-')), 'billing.csv');
  await writeBillingCsv(path, demoBillingRows({ end }));
  return path;
}

/** The demo data's net cost per day (in the zone) between two days, summed straight from the generator's rows. */
export function expectedTotal(
  from: string,
  to: string,
  options: {
    end?: string;
    timeZone?: string;
    where?: (row: { service: string; project: string; sku: string }) => boolean;
  } = {},
): number {
  const zone = new Intl.DateTimeFormat('en-CA', {
    timeZone: options.timeZone ?? 'Europe/Berlin',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  let total = 0;
  for (const row of demoBillingRows({ end: options.end ?? TODAY })) {
    const day = zone.format(new Date(row.usageStart.replace(' UTC', 'Z').replace(' ', 'T')));
    if (day < from || day > to || (options.where && !options.where(row))) continue;
    total += row.cost + row.credits.reduce((s, c) => s + c.amount, 0);
  }
  return total;
}

/** "$1,234.56", as the report writes amounts. */
export const usd = (n: number): string =>
  new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(n);

/** chatops.example.yml with its cost source replaced (e.g. by BigQuery), written to a temp file. */
export function configWith(source: string): string {
  const example = readFileSync('chatops.example.yml', 'utf8');
  const text = example.replace(/^ {4}csv: \{ path: \.\/billing\.csv \}.*$/m, `    ${source}`);
  if (text === example) throw new Error('configWith: nothing replaced');
  const path = join(mkdtempSync(join(tmpdir(), 'chatops-config-')), 'chatops.yml');
  writeFileSync(path, text);
  return path;
}
