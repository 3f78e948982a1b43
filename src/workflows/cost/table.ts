import { addDays, daysOf, type CostDimension, type CostRow, type DayRange } from '../../domain/cost.js';

/** The label a row has when grouped by a dimension. SKUs are named with their service: SKU names repeat across services. */
export function keyOf(row: CostRow, by: CostDimension): string {
  if (by === 'service') return row.service || '(no service)';
  if (by === 'project') return row.project || '(no project)';
  return `${row.service} · ${row.sku || '(no SKU)'}`;
}

const inRange = (day: string, range: DayRange): boolean => day >= range.from && day <= range.to;

/** Sums over a range, optionally only rows that pass `where`. */
export function sum(rows: CostRow[], range: DayRange, where?: (row: CostRow) => boolean): number {
  let total = 0;
  for (const row of rows) if (inRange(row.day, range) && (!where || where(row))) total += row.cost;
  return total;
}

export function sumUsage(rows: CostRow[], range: DayRange, where: (row: CostRow) => boolean): number {
  let total = 0;
  for (const row of rows) if (inRange(row.day, range) && where(row)) total += row.usage;
  return total;
}

/** Cost per key over a range. */
export function sumBy(rows: CostRow[], range: DayRange, by: CostDimension): Map<string, number> {
  const totals = new Map<string, number>();
  for (const row of rows) {
    if (!inRange(row.day, range)) continue;
    const key = keyOf(row, by);
    totals.set(key, (totals.get(key) ?? 0) + row.cost);
  }
  return totals;
}

/** Daily cost per key over a range: one value per day of the range, 0 where there is no row. */
export function dailyBy(
  rows: CostRow[],
  range: DayRange,
  by: CostDimension,
): { days: string[]; series: Map<string, number[]> } {
  const days = daysOf(range);
  const index = new Map(days.map((day, i) => [day, i]));
  const series = new Map<string, number[]>();
  for (const row of rows) {
    const i = index.get(row.day);
    if (i === undefined) continue;
    const key = keyOf(row, by);
    let values = series.get(key);
    if (!values) series.set(key, (values = new Array<number>(days.length).fill(0)));
    values[i]! += row.cost;
  }
  return { days, series };
}

/** The first and last day with a row, or null without rows. */
export function dataSpan(rows: CostRow[]): DayRange | null {
  let from: string | undefined;
  let to: string | undefined;
  for (const row of rows) {
    if (from === undefined || row.day < from) from = row.day;
    if (to === undefined || row.day > to) to = row.day;
  }
  return from && to ? { from, to } : null;
}

/** The n days ending on `day`. */
export const lastDays = (day: string, n: number): DayRange => ({ from: addDays(day, -(n - 1)), to: day });
