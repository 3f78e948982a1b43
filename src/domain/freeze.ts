/**
 * Freeze windows: when deploys are refused. Pure time arithmetic in an IANA time zone, DST-correct, with
 * nothing but Intl. A wall-clock time that does not exist (the hour skipped in spring) is read as the same
 * time after the jump, one that exists twice (the hour repeated in autumn) as its first occurrence: the
 * "compatible" rule of Temporal and of most calendars.
 */

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';

/** The shape of `deploy.freezes` entries (validated by the config schema). */
export interface FreezeWindow {
  name: string;
  /** With `days`: times "HH:MM" on each listed day. Without: "fri 18:00" → "mon 08:00". */
  weekly?: { days?: Weekday[]; from: string; to: string };
  /** A one-off range of whole days, both inclusive: "YYYY-MM-DD". */
  from?: string;
  to?: string;
}

export interface ActiveFreeze {
  /** The window in force now (the first in config order when several are). */
  name: string;
  /** When deploys are allowed again: the end of this window, or of the windows that follow on without a gap. */
  endsAt: Date;
}

interface Interval {
  name: string;
  start: number;
  end: number;
}

const WEEKDAYS: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MINUTE = 60_000;
const DAY = 86_400_000;
/** Windows that follow on from each other are merged; this bounds a configuration that freezes forever. */
const MAX_CHAIN = 1000;

/** The freeze in force at `now`, with when it ends; undefined when deploys are allowed. */
export function activeFreeze(windows: readonly FreezeWindow[], now: Date, timeZone: string): ActiveFreeze | undefined {
  const t = now.getTime();
  const memo = new Map<string, number>();
  const zoned: Zoned = (date, minutes) => {
    const key = `${date.year}-${date.month}-${date.day}+${minutes}`;
    let instant = memo.get(key);
    if (instant === undefined) memo.set(key, (instant = zonedInstant(date, minutes, timeZone)));
    return instant;
  };
  const covering = (at: number): Interval[] => {
    const today = localDate(at, timeZone);
    return windows.flatMap((w) => occurrencesAround(w, today, zoned)).filter((i) => i.start <= at && at < i.end);
  };
  const first = covering(t);
  if (first.length === 0) return undefined;
  let end = Math.max(...first.map((i) => i.end));
  for (let step = 0; step < MAX_CHAIN; step += 1) {
    const next = covering(end);
    if (next.length === 0) break;
    end = Math.max(...next.map((i) => i.end));
  }
  return { name: first[0]!.name, endsAt: new Date(end) };
}

type Zoned = (date: CivilDate, minutes: number) => number;

/** Every occurrence of the window that can contain an instant on the local date `today` (weekly windows last at most 7 days). */
function occurrencesAround(window: FreezeWindow, today: CivilDate, zoned: Zoned): Interval[] {
  if (!window.weekly) {
    if (!window.from || !window.to) return [];
    return [
      { name: window.name, start: zoned(parseDate(window.from), 0), end: zoned(addDays(parseDate(window.to), 1), 0) },
    ];
  }
  const { days, from, to } = window.weekly;
  const start = days
    ? { days, minutes: parseClock(from) }
    : { days: [parseDayClock(from).day], minutes: parseDayClock(from).minutes };
  const endMinutes = days ? parseClock(to) : parseDayClock(to).minutes;
  const lengthDays = days ? (endMinutes <= start.minutes ? 1 : 0) : spanDays(parseDayClock(from), parseDayClock(to));
  const intervals: Interval[] = [];
  for (let back = 8; back >= 0; back -= 1) {
    const date = addDays(today, -back);
    if (!start.days.includes(weekdayOf(date))) continue;
    intervals.push({
      name: window.name,
      start: zoned(date, start.minutes),
      end: zoned(addDays(date, lengthDays), endMinutes),
    });
  }
  return intervals;
}

/** Whole days from the start's day to the end's: "fri 18:00" → "mon 08:00" is 3; an end not after the start wraps a week. */
function spanDays(from: { day: Weekday; minutes: number }, to: { day: Weekday; minutes: number }): number {
  const days = (WEEKDAYS.indexOf(to.day) - WEEKDAYS.indexOf(from.day) + 7) % 7;
  return days === 0 && to.minutes <= from.minutes ? 7 : days;
}

// ---- civil dates and zones ----

export interface CivilDate {
  year: number;
  month: number; // 1–12
  day: number;
}

const parseDate = (text: string): CivilDate => {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

const parseClock = (text: string): number => {
  const [hours, minutes] = text.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

const parseDayClock = (text: string): { day: Weekday; minutes: number } => {
  const [day, clock] = text.split(' ') as [Weekday, string];
  return { day, minutes: parseClock(clock) };
};

const civilMs = (date: CivilDate): number => Date.UTC(date.year, date.month - 1, date.day);

function addDays(date: CivilDate, days: number): CivilDate {
  const d = new Date(civilMs(date) + days * DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const weekdayOf = (date: CivilDate): Weekday => WEEKDAYS[new Date(civilMs(date)).getUTCDay()]!;

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock in `timeZone` at `instant`, as milliseconds of a UTC date with the same fields. */
function wallClock(instant: number, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  const parts: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  return (
    Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!) +
    (((instant % 1000) + 1000) % 1000)
  );
}

/** The local calendar date in `timeZone` at `instant`. */
export function localDate(instant: number, timeZone: string): CivilDate {
  const d = new Date(wallClock(instant, timeZone));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The instant when the wall clock in `timeZone` shows `date` at `minutes` past midnight (see the rule above). */
export function zonedInstant(date: CivilDate, minutes: number, timeZone: string): number {
  const wall = civilMs(date) + minutes * MINUTE;
  const offsetAt = (instant: number): number => wallClock(instant, timeZone) - instant;
  // The offsets a day either side cover any one transition; a candidate is right when it reads back as `wall`.
  const before = offsetAt(wall - DAY);
  const after = offsetAt(wall + DAY);
  const candidates = [wall - before, wall - after].filter((instant) => wallClock(instant, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  return wall - before; // skipped: the offset from before the jump lands as far after it as the time was into the gap
}
