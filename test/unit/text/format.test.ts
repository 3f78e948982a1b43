import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clip, formatDuration, truncate } from '../../../blocks/kit.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

describe('formatDuration: one style wherever the bot says how long', () => {
  it.each([
    [0, '0s'],
    [-5 * SECOND, '0s'],
    [420, '0s'],
    [3_600, '4s'],
    [5 * SECOND, '5s'],
    [45 * SECOND, '45s'],
    [59_600, '1m'],
    [4 * MINUTE + 2 * SECOND, '4m 2s'],
    [4 * MINUTE + 12 * SECOND, '4m 12s'],
    [10 * MINUTE, '10m'],
    [HOUR - 400, '1h'],
    [HOUR + 5 * MINUTE, '1h 5m'],
    [HOUR + 5 * MINUTE + 29 * SECOND, '1h 5m'],
    [2 * HOUR, '2h'],
    [23 * HOUR + 59 * MINUTE + 30 * SECOND, '1d'],
    [50 * HOUR, '2d 2h'],
  ])('%i ms → %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it('is at most two units, each within its range, and never a 60 (no "4m 60s")', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 24 * HOUR }), (ms) => {
        const text = formatDuration(ms);
        expect(text).toMatch(/^(\d+s|\d+m( \d+s)?|\d+h( \d+m)?|\d+d( \d+h)?)$/);
        const [, small] = text.split(' ');
        if (small) expect(Number.parseInt(small, 10)).toBeLessThan(small.endsWith('h') ? 24 : 60);
      }),
    );
  });
});

describe('clip: a word the user typed, echoed back', () => {
  it('keeps 40 characters, then "…"', () => {
    expect(clip('nope')).toBe('nope');
    expect(clip('x'.repeat(40))).toBe('x'.repeat(40));
    expect(clip('x'.repeat(41))).toBe(`${'x'.repeat(40)}…`);
    expect(clip('abcdef', 3)).toBe('abc…');
  });

  it('truncate (Slack limits) counts the "…" in the limit', () => {
    expect(truncate('x'.repeat(10), 10)).toBe('x'.repeat(10));
    expect(truncate('x'.repeat(11), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
