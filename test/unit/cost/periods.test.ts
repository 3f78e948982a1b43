import { describe, expect, it } from 'vitest';
import { Refusal } from '../../../src/domain/errors.js';
import { resolvePeriod } from '../../../src/workflows/cost/periods.js';
import { dayInZone, startOfDayInZone } from '../../../src/domain/cost.js';

describe('resolvePeriod', () => {
  it.each([
    [
      { kind: 'week' } as const,
      '2026-11-20',
      { from: '2026-11-13', to: '2026-11-19', label: 'Last 7 days (Nov 13–19)' },
      { from: '2026-11-06', to: '2026-11-12' },
    ],
    [
      { kind: 'month' } as const,
      '2026-11-20',
      { from: '2026-11-01', to: '2026-11-20', label: 'November 2026 to date (Nov 1–20)' },
      { from: '2026-10-01', to: '2026-10-20' },
    ],
    // March 31 compares with February's whole month, not with days that do not exist.
    [
      { kind: 'month' } as const,
      '2026-03-31',
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-02-01', to: '2026-02-28' },
    ],
    [
      { kind: 'last-month' } as const,
      '2026-01-05',
      { from: '2025-12-01', to: '2025-12-31', label: 'December 2025' },
      { from: '2025-11-01', to: '2025-11-30', label: 'November 2025' },
    ],
    [
      { kind: 'range', from: '2025-12-29', to: '2026-01-04' } as const,
      '2026-11-20',
      { label: 'Dec 29, 2025 – Jan 4, 2026' },
      { from: '2025-12-22', to: '2025-12-28' },
    ],
    [
      { kind: 'range', from: '2026-11-20', to: '2026-11-20' } as const,
      '2026-11-20',
      { label: 'Nov 20, 2026' },
      { from: '2026-11-19', to: '2026-11-19' },
    ],
  ])('%o on %s', (spec, today, period, previous) => {
    const resolved = resolvePeriod(spec, today);
    expect(resolved.period).toMatchObject(period);
    expect(resolved.previous).toMatchObject(previous);
  });

  it.each([
    [{ kind: 'range', from: '2026-02-29', to: '2026-03-01' } as const, '"2026-02-29" is not a date'],
    [
      { kind: 'range', from: '2026-11-02', to: '2026-11-01' } as const,
      'ends (2026-11-01) before it starts (2026-11-02)',
    ],
    [{ kind: 'range', from: '2026-11-21', to: '2026-11-22' } as const, 'starts in the future'],
    [{ kind: 'range', from: '2025-11-19', to: '2026-11-20' } as const, 'The range is 367 days long; the most is 366.'],
  ])('refuses %o', (spec, message) => {
    expect(() => resolvePeriod(spec, '2026-11-20')).toThrow(Refusal);
    expect(() => resolvePeriod(spec, '2026-11-20')).toThrow(message);
  });
});

describe('days in a time zone', () => {
  it('finds the start of a day across daylight saving changes', () => {
    expect(startOfDayInZone('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z'); // CET until 02:00
    expect(startOfDayInZone('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z'); // CEST
    expect(startOfDayInZone('2026-11-01', 'America/Los_Angeles').toISOString()).toBe('2026-11-01T07:00:00.000Z');
    expect(startOfDayInZone('2026-11-02', 'Asia/Kathmandu').toISOString()).toBe('2026-11-01T18:15:00.000Z');
    expect(dayInZone(new Date('2026-11-01T06:59:59Z'), 'America/Los_Angeles')).toBe('2026-10-31');
  });
});
