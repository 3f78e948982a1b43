import { addDays, type CostRow, dayInZone, startOfDayInZone } from '../../src/domain/cost.js';
import type { ExportRow } from './demo-billing.js';

/** The columns of the cost query's result, as BigQuery describes them. */
export const SCHEMA = {
  fields: [
    { name: 'day', type: 'STRING', mode: 'NULLABLE' },
    { name: 'service', type: 'STRING', mode: 'NULLABLE' },
    { name: 'project', type: 'STRING', mode: 'NULLABLE' },
    { name: 'sku', type: 'STRING', mode: 'NULLABLE' },
    { name: 'cost', type: 'FLOAT', mode: 'NULLABLE' },
    { name: 'usage', type: 'FLOAT', mode: 'NULLABLE' },
    { name: 'unit', type: 'STRING', mode: 'NULLABLE' },
    { name: 'currency', type: 'STRING', mode: 'NULLABLE' },
  ],
};

/** What the cost query computes: rows whose usage starts within [from, to] in tz, summed by day, service, project, SKU, net of credits. */
export function aggregate(rows: ExportRow[], from: string, to: string, tz: string): unknown[] {
  const start = startOfDayInZone(from, tz).getTime();
  const end = startOfDayInZone(addDays(to, 1), tz).getTime();
  const groups = new Map<string, CostRow & { currency: string }>();
  const days = new Map<string, string>();
  for (const r of rows) {
    const time = Date.parse(r.usageStart.replace(' UTC', 'Z').replace(' ', 'T'));
    if (time < start || time >= end) continue;
    let day = days.get(r.usageStart);
    if (!day) days.set(r.usageStart, (day = dayInZone(new Date(time), tz)));
    const key = `${day}|${r.service}|${r.project}|${r.sku}`;
    let g = groups.get(key);
    if (!g)
      groups.set(
        key,
        (g = {
          day,
          service: r.service,
          project: r.project,
          sku: r.sku,
          cost: 0,
          usage: 0,
          unit: r.unit,
          currency: r.currency,
        }),
      );
    g.cost += r.cost + r.credits.reduce((s, c) => s + c.amount, 0);
    g.usage += r.usage;
  }
  return [...groups.values()].map((g) => ({
    f: [g.day, g.service, g.project, g.sku, String(g.cost), String(g.usage), g.unit, g.currency].map((v) => ({ v })),
  }));
}
