import {
  addDays,
  daysBetween,
  isValidDay,
  monthEnd,
  monthLabel,
  monthStart,
  rangeLabel,
  type DayRange,
  type Period,
} from '../../domain/cost.js';
import { Refusal } from '../../domain/errors.js';

/** What the user asked for, before it is pinned to dates. */
export type PeriodSpec =
  | { kind: 'week' }
  | { kind: 'month' }
  | { kind: 'last-month' }
  | { kind: 'range'; from: string; to: string };

export const MAX_RANGE_DAYS = 366;

export interface ResolvedPeriod {
  period: Period;
  /** What the period is compared with: the same number of days just before (the previous month for months). */
  previous: DayRange & { label: string };
}

/** Pins a period to days, `today` being the current day in the config's time zone. */
export function resolvePeriod(spec: PeriodSpec, today: string): ResolvedPeriod {
  switch (spec.kind) {
    case 'week': {
      // The last 7 complete days: today's billing data is still coming in.
      const range = { from: addDays(today, -7), to: addDays(today, -1) };
      const previous = shift(range);
      return {
        period: { ...range, kind: 'week', label: `Last 7 days (${rangeLabel(range)})` },
        previous: { ...previous, label: rangeLabel(previous) },
      };
    }
    case 'month': {
      const range = { from: monthStart(today), to: today };
      const previousStart = monthStart(addDays(range.from, -1));
      const sameDays = addDays(previousStart, daysBetween(range.from, range.to));
      const previous = {
        from: previousStart,
        to: sameDays < monthEnd(previousStart) ? sameDays : monthEnd(previousStart),
      };
      return {
        period: { ...range, kind: 'month', label: `${monthLabel(today)} to date (${rangeLabel(range)})` },
        previous: { ...previous, label: rangeLabel(previous) },
      };
    }
    case 'last-month': {
      const from = monthStart(addDays(monthStart(today), -1));
      const before = monthStart(addDays(from, -1));
      return {
        period: { from, to: monthEnd(from), kind: 'last-month', label: monthLabel(from) },
        previous: { from: before, to: monthEnd(before), label: monthLabel(before) },
      };
    }
    case 'range': {
      for (const day of [spec.from, spec.to])
        if (!isValidDay(day)) throw new Refusal(`"${day}" is not a date (expected YYYY-MM-DD).`);
      if (spec.from > spec.to) throw new Refusal(`The range ends (${spec.to}) before it starts (${spec.from}).`);
      if (spec.from > today) throw new Refusal(`The range starts in the future (${spec.from}; today is ${today}).`);
      if (spec.to > today)
        throw new Refusal(`The range ends in the future (${spec.to}; today is ${today}). End it today or earlier.`);
      const days = daysBetween(spec.from, spec.to) + 1;
      if (days > MAX_RANGE_DAYS) throw new Refusal(`The range is ${days} days long; the most is ${MAX_RANGE_DAYS}.`);
      const range = { from: spec.from, to: spec.to };
      const previous = shift(range);
      return {
        period: { ...range, kind: 'range', label: rangeLabel(range) },
        previous: { ...previous, label: rangeLabel(previous) },
      };
    }
  }
}

/** The same number of days just before. */
function shift(range: DayRange): DayRange {
  const days = daysBetween(range.from, range.to) + 1;
  return { from: addDays(range.from, -days), to: addDays(range.to, -days) };
}
