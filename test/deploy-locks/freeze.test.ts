import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeFreeze, localDate, zonedInstant, type FreezeWindow } from '../../src/domain/freeze.js';

const BERLIN = 'Europe/Berlin';
const at = (iso: string) => new Date(iso);
const ends = (windows: FreezeWindow[], iso: string, zone = BERLIN) =>
  activeFreeze(windows, at(iso), zone)?.endsAt.toISOString();

const weekend: FreezeWindow = { name: 'Weekend', weekly: { from: 'fri 18:00', to: 'mon 08:00' } };
const nightly: FreezeWindow = {
  name: 'Nightly batch',
  weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '22:00', to: '06:00' },
};

describe('zonedInstant (wall clock → instant)', () => {
  it('uses the offset in force on that date (CET in winter, CEST in summer)', () => {
    expect(new Date(zonedInstant({ year: 2026, month: 1, day: 15 }, 9 * 60, BERLIN)).toISOString()).toBe(
      '2026-01-15T08:00:00.000Z',
    );
    expect(new Date(zonedInstant({ year: 2026, month: 7, day: 15 }, 9 * 60, BERLIN)).toISOString()).toBe(
      '2026-07-15T07:00:00.000Z',
    );
    expect(new Date(zonedInstant({ year: 2026, month: 7, day: 15 }, 9 * 60, 'Asia/Kolkata')).toISOString()).toBe(
      '2026-07-15T03:30:00.000Z',
    );
    expect(new Date(zonedInstant({ year: 2026, month: 7, day: 15 }, 9 * 60, 'UTC')).toISOString()).toBe(
      '2026-07-15T09:00:00.000Z',
    );
  });

  it('reads a skipped time (spring forward, 02:00 → 03:00 on 2026-03-29) as the same time after the jump', () => {
    expect(new Date(zonedInstant({ year: 2026, month: 3, day: 29 }, 2 * 60 + 30, BERLIN)).toISOString()).toBe(
      '2026-03-29T01:30:00.000Z',
    ); // 03:30 CEST
    expect(
      new Date(zonedInstant({ year: 2026, month: 3, day: 8 }, 2 * 60 + 30, 'America/New_York')).toISOString(),
    ).toBe('2026-03-08T07:30:00.000Z'); // 03:30 EDT
  });

  it('reads a repeated time (fall back, 03:00 → 02:00 on 2026-10-25) as its first occurrence', () => {
    expect(new Date(zonedInstant({ year: 2026, month: 10, day: 25 }, 2 * 60 + 30, BERLIN)).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    ); // 02:30 CEST
  });

  it('finds the local date across the date line from UTC', () => {
    expect(localDate(Date.parse('2026-07-15T23:30:00Z'), 'Pacific/Auckland')).toEqual({
      year: 2026,
      month: 7,
      day: 16,
    });
    expect(localDate(Date.parse('2026-07-15T03:30:00Z'), 'America/Los_Angeles')).toEqual({
      year: 2026,
      month: 7,
      day: 14,
    });
  });
});

describe('weekly windows across days ("fri 18:00" → "mon 08:00")', () => {
  it('is frozen from Friday 18:00 to Monday 08:00 local time, and not a minute either side', () => {
    // 2026-11-20 is a Friday; Berlin is on CET (UTC+1).
    expect(activeFreeze([weekend], at('2026-11-20T16:59:00Z'), BERLIN)).toBeUndefined();
    expect(activeFreeze([weekend], at('2026-11-20T17:00:00Z'), BERLIN)).toEqual({
      name: 'Weekend',
      endsAt: at('2026-11-23T07:00:00Z'),
    });
    expect(ends([weekend], '2026-11-22T12:00:00Z')).toBe('2026-11-23T07:00:00.000Z');
    expect(ends([weekend], '2026-11-23T06:59:59Z')).toBe('2026-11-23T07:00:00.000Z');
    expect(activeFreeze([weekend], at('2026-11-23T07:00:00Z'), BERLIN)).toBeUndefined();
    expect(activeFreeze([weekend], at('2026-11-25T12:00:00Z'), BERLIN)).toBeUndefined();
  });

  it('keeps local times over the spring DST change: the weekend is one hour shorter, still 18:00 → 08:00', () => {
    // Fri 2026-03-27 18:00 CET = 17:00Z; Mon 2026-03-30 08:00 CEST = 06:00Z.
    expect(activeFreeze([weekend], at('2026-03-27T16:59:00Z'), BERLIN)).toBeUndefined();
    expect(ends([weekend], '2026-03-27T17:00:00Z')).toBe('2026-03-30T06:00:00.000Z');
    expect(ends([weekend], '2026-03-29T01:30:00Z')).toBe('2026-03-30T06:00:00.000Z'); // during the skipped hour
    expect(activeFreeze([weekend], at('2026-03-30T06:00:00Z'), BERLIN)).toBeUndefined();
  });

  it('keeps local times over the autumn DST change: the weekend is one hour longer', () => {
    // Fri 2026-10-23 18:00 CEST = 16:00Z; Mon 2026-10-26 08:00 CET = 07:00Z.
    expect(activeFreeze([weekend], at('2026-10-23T15:59:00Z'), BERLIN)).toBeUndefined();
    expect(ends([weekend], '2026-10-23T16:00:00Z')).toBe('2026-10-26T07:00:00.000Z');
    expect(ends([weekend], '2026-10-26T06:30:00Z')).toBe('2026-10-26T07:00:00.000Z');
  });

  it('follows the configured zone, not UTC', () => {
    // Friday 18:00 in New York (EST, UTC−5) is 23:00Z.
    expect(activeFreeze([weekend], at('2026-11-20T22:59:00Z'), 'America/New_York')).toBeUndefined();
    expect(ends([weekend], '2026-11-20T23:00:00Z', 'America/New_York')).toBe('2026-11-23T13:00:00.000Z');
    // Friday 18:00 in Auckland (NZDT, UTC+13) is 05:00Z the same Friday.
    expect(ends([weekend], '2026-11-20T05:00:00Z', 'Pacific/Auckland')).toBe('2026-11-22T19:00:00.000Z');
  });

  it('wraps a whole week when the end is not after the start on the same day', () => {
    const week: FreezeWindow = { name: 'Week', weekly: { from: 'wed 12:00', to: 'wed 09:00' } };
    // Wed 2026-11-18 12:00 CET → Wed 2026-11-25 09:00 CET.
    expect(ends([week], '2026-11-20T12:00:00Z')).toBe('2026-11-25T08:00:00.000Z');
    expect(activeFreeze([week], at('2026-11-25T09:00:00Z'), BERLIN)).toBeUndefined(); // Wed 10:00
  });
});

describe('weekly windows on listed days', () => {
  it('runs from `from` to `to` on each listed day', () => {
    const lunch: FreezeWindow = { name: 'Lunch', weekly: { days: ['tue'], from: '12:00', to: '13:30' } };
    // 2026-11-24 is a Tuesday.
    expect(ends([lunch], '2026-11-24T11:00:00Z')).toBe('2026-11-24T12:30:00.000Z');
    expect(activeFreeze([lunch], at('2026-11-24T12:30:00Z'), BERLIN)).toBeUndefined();
    expect(activeFreeze([lunch], at('2026-11-25T11:00:00Z'), BERLIN)).toBeUndefined(); // Wednesday
  });

  it('crosses midnight when `to` is not after `from`: a window belongs to the day it starts on', () => {
    expect(ends([nightly], '2026-11-24T02:00:00Z')).toBe('2026-11-24T05:00:00.000Z'); // Tue 03:00, from Monday's window
    expect(ends([nightly], '2026-11-28T02:00:00Z')).toBe('2026-11-28T05:00:00.000Z'); // Sat 03:00, from Friday's window
    expect(activeFreeze([nightly], at('2026-11-29T02:00:00Z'), BERLIN)).toBeUndefined(); // Sun 03:00: no Saturday window
    expect(activeFreeze([nightly], at('2026-11-23T02:00:00Z'), BERLIN)).toBeUndefined(); // Mon 03:00: no Sunday window
    expect(activeFreeze([nightly], at('2026-11-24T12:00:00Z'), BERLIN)).toBeUndefined();
  });

  it('reads "00:00" → "00:00" as the whole day, and reports the end of back-to-back days as one freeze', () => {
    const weekendDays: FreezeWindow = { name: 'Weekend', weekly: { days: ['sat', 'sun'], from: '00:00', to: '00:00' } };
    // Sat 2026-11-21 10:00 CET: Saturday's window ends at Sunday 00:00, but Sunday's starts there.
    expect(ends([weekendDays], '2026-11-21T09:00:00Z')).toBe('2026-11-22T23:00:00.000Z'); // Monday 00:00 CET
    expect(activeFreeze([weekendDays], at('2026-11-20T22:59:00Z'), BERLIN)).toBeUndefined(); // Fri 23:59
  });

  it('handles windows that touch a DST change', () => {
    const early: FreezeWindow = { name: 'Early', weekly: { days: ['sun'], from: '01:00', to: '04:00' } };
    // Sun 2026-03-29: 01:00 CET = 00:00Z, 04:00 CEST = 02:00Z: two hours of wall time are gone, the window is 2 h long.
    expect(ends([early], '2026-03-29T00:00:00Z')).toBe('2026-03-29T02:00:00.000Z');
    // Sun 2026-10-25: 01:00 CEST = 23:00Z the day before, 04:00 CET = 03:00Z: four hours.
    expect(ends([early], '2026-10-24T23:00:00Z')).toBe('2026-10-25T03:00:00.000Z');
  });
});

describe('one-off date ranges', () => {
  const yearEnd: FreezeWindow = { name: 'Year end', from: '2026-12-24', to: '2026-12-26' };

  it('covers whole days, both inclusive, in the zone', () => {
    expect(activeFreeze([yearEnd], at('2026-12-23T22:59:00Z'), BERLIN)).toBeUndefined(); // Dec 23 23:59 CET
    expect(ends([yearEnd], '2026-12-23T23:00:00Z')).toBe('2026-12-26T23:00:00.000Z'); // Dec 24 00:00 → Dec 27 00:00 CET
    expect(ends([yearEnd], '2026-12-26T22:59:00Z')).toBe('2026-12-26T23:00:00.000Z');
    expect(activeFreeze([yearEnd], at('2026-12-26T23:00:00Z'), BERLIN)).toBeUndefined();
  });

  it('a single day is a range from and to that day', () => {
    expect(ends([{ name: 'Launch', from: '2026-06-01', to: '2026-06-01' }], '2026-06-01T12:00:00Z')).toBe(
      '2026-06-01T22:00:00.000Z',
    );
  });
});

describe('several windows', () => {
  it('names the first window in force, in config order', () => {
    const freeze = activeFreeze([nightly, weekend], at('2026-11-21T02:00:00Z'), BERLIN); // Sat 03:00: both
    expect(freeze?.name).toBe('Nightly batch');
  });

  it('reports when deploys are allowed again, across windows that overlap or follow on', () => {
    const yearEnd: FreezeWindow = { name: 'Year end', from: '2026-12-21', to: '2026-12-24' }; // Mon–Thu
    const christmas: FreezeWindow = { name: 'Christmas', from: '2026-12-25', to: '2026-12-25' }; // Fri, then the weekend
    // Mon Dec 21 → Thu (year end) → Fri (christmas) → Fri 18:00–Mon 08:00 (weekend) → Mon Dec 28 08:00 CET.
    expect(activeFreeze([yearEnd, christmas, weekend], at('2026-12-22T10:00:00Z'), BERLIN)).toEqual({
      name: 'Year end',
      endsAt: at('2026-12-28T07:00:00Z'),
    });
  });

  it('ends when a gap opens, even a short one', () => {
    const morning: FreezeWindow = { name: 'Morning', weekly: { days: ['tue'], from: '08:00', to: '10:00' } };
    const later: FreezeWindow = { name: 'Later', weekly: { days: ['tue'], from: '10:01', to: '12:00' } };
    expect(ends([morning, later], '2026-11-24T07:30:00Z')).toBe('2026-11-24T09:00:00.000Z');
  });

  it('gives an answer, not a hang, for a configuration that freezes forever', () => {
    const always: FreezeWindow = {
      name: 'Always',
      weekly: { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], from: '00:00', to: '00:00' },
    };
    const started = performance.now();
    const freeze = activeFreeze([always], at('2026-11-24T12:00:00Z'), BERLIN);
    expect(freeze?.name).toBe('Always');
    expect(freeze!.endsAt.getTime()).toBeGreaterThan(Date.parse('2029-01-01'));
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('no windows, no freeze', () => {
    expect(activeFreeze([], at('2026-11-24T12:00:00Z'), BERLIN)).toBeUndefined();
  });
});

describe('properties (random instants and zones)', () => {
  const zones = [
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kolkata',
    'America/Sao_Paulo',
    'Pacific/Chatham',
    'UTC',
  ];
  const days = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
  const instant = fc.integer({ min: Date.parse('2024-01-01'), max: Date.parse('2028-12-31') });
  const zone = fc.constantFrom(...zones);
  // Hours away from 00:00–04:00, where DST changes happen in these zones, so the wall clock is unambiguous.
  const hhmm = fc
    .tuple(fc.integer({ min: 5, max: 23 }), fc.constantFrom(0, 15, 30, 45))
    .map(([h, m]) => ({ text: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`, minutes: h * 60 + m }));
  const window = fc
    .tuple(fc.subarray([...days], { minLength: 1 }), hhmm, hhmm)
    .filter(([, from, to]) => from.minutes < to.minutes);

  const wall = (t: number, timeZone: string) => {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    }).formatToParts(t);
    const get = (type: string) => parts.find((p) => p.type === type)!.value;
    return { day: get('weekday').toLowerCase().slice(0, 3), minutes: Number(get('hour')) * 60 + Number(get('minute')) };
  };

  it('a same-day window is in force exactly when the local weekday and time say so', () => {
    fc.assert(
      fc.property(instant, zone, window, (t, timeZone, [listed, from, to]) => {
        const local = wall(t, timeZone);
        const expected =
          (listed as string[]).includes(local.day) && local.minutes >= from.minutes && local.minutes < to.minutes;
        const freeze = activeFreeze(
          [{ name: 'w', weekly: { days: listed, from: from.text, to: to.text } }],
          new Date(t),
          timeZone,
        );
        expect(freeze !== undefined).toBe(expected);
        if (freeze) expect(wall(freeze.endsAt.getTime(), timeZone).minutes).toBe(to.minutes);
      }),
      { numRuns: 400 },
    );
  });

  it('the reported end is the first moment without a freeze: frozen just before it, free at it', () => {
    const anyWindow = fc.oneof(
      window.map(
        ([listed, from, to]) =>
          ({ name: 'days', weekly: { days: listed, from: from.text, to: to.text } }) as FreezeWindow,
      ),
      fc
        .tuple(fc.constantFrom(...days), hhmm, fc.constantFrom(...days), hhmm)
        .map(
          ([d1, from, d2, to]) =>
            ({ name: 'span', weekly: { from: `${d1} ${from.text}`, to: `${d2} ${to.text}` } }) as FreezeWindow,
        ),
    );
    fc.assert(
      fc.property(instant, zone, fc.array(anyWindow, { minLength: 1, maxLength: 3 }), (t, timeZone, windows) => {
        const freeze = activeFreeze(windows, new Date(t), timeZone);
        if (!freeze) return;
        const end = freeze.endsAt.getTime();
        fc.pre(end - t < 60 * 86_400_000); // windows that together cover the whole week never end
        expect(end).toBeGreaterThan(t);
        expect(activeFreeze(windows, new Date(end), timeZone)).toBeUndefined();
        expect(activeFreeze(windows, new Date(end - 1), timeZone)).toBeDefined();
        const midway = t + Math.floor((end - t) / 2);
        expect(activeFreeze(windows, new Date(midway), timeZone)?.endsAt.getTime()).toBe(end);
      }),
      { numRuns: 300 },
    );
  });
});
