import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIncident } from '../../../commands/incident/parse.js';
import { channelName, slugify } from '../../../src/workflows/incident/channel.js';

const SERVICES = { api: { environments: {} }, web: { environments: {} }, worker: { environments: {} } };

describe('channel names', () => {
  it('are inc-YYYYMMDD-<slug> with the day in the team zone', () => {
    expect(channelName('Checkout returns 500!', new Date('2026-11-22T23:30:00Z'), 'Europe/Berlin')).toBe(
      'inc-20261123-checkout-returns-500',
    );
    expect(channelName('Checkout returns 500!', new Date('2026-11-22T23:30:00Z'), 'UTC')).toBe(
      'inc-20261122-checkout-returns-500',
    );
    expect(channelName('Über Ärger', new Date('2026-01-02T10:00:00Z'), 'UTC', 3)).toBe('inc-20260102-uber-arger-3');
    expect(channelName('🔥🔥🔥', new Date('2026-01-02T10:00:00Z'), 'UTC')).toBe('inc-20260102-incident');
  });

  it('always fit Slack: lowercase letters, digits and dashes, at most 80 characters, suffix kept', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 999 }), (title, attempt) => {
        const name = channelName(title, new Date('2026-11-22T10:00:00Z'), 'UTC', attempt);
        expect(name.length).toBeLessThanOrEqual(80);
        expect(name).toMatch(/^inc-20261122-[a-z0-9]+(-[a-z0-9]+)*$/);
        if (attempt > 1) expect(name.endsWith(`-${attempt}`)).toBe(true);
      }),
    );
  });

  it('shorten long titles at a word boundary', () => {
    expect(slugify('checkout returns five hundred for everyone', 20)).toBe('checkout-returns');
  });
});

describe('/incident parsing', () => {
  const parse = (text: string) => parseIncident(text, SERVICES);

  it.each([
    [
      'declare P1 api "Checkout returns 500"',
      { kind: 'declare', severity: 'P1', services: ['api'], title: 'Checkout returns 500' },
    ],
    [
      'declare p0 api,web "Site down"',
      { kind: 'declare', severity: 'P0', services: ['api', 'web'], title: 'Site down' },
    ],
    [
      'declare P2 api web Search is slow',
      { kind: 'declare', severity: 'P2', services: ['api', 'web'], title: 'Search is slow' },
    ],
    ['declare P3 “Typo on pricing”', { kind: 'declare', severity: 'P3', services: [], title: 'Typo on pricing' }],
    ["declare P1 api Can't log in", { kind: 'declare', severity: 'P1', services: ['api'], title: "Can't log in" }],
    ['declare', { kind: 'declare-form' }],
    ['', { kind: 'help' }],
    ['role', { kind: 'roles-form' }],
    ['role comms <@U0SAM00002|sam>', { kind: 'role', role: 'communications', user: '<@U0SAM00002|sam>' }],
    ['severity sev1', { kind: 'severity', severity: 'P1' }],
    ['timeline INC-4', { kind: 'timeline', ref: 'INC-4' }],
    ['list', { kind: 'list' }],
  ])('%s', (text, expected) => {
    expect(parse(text)).toEqual(expected);
  });

  it.each([
    ['declare P9 api "x"', 'The severity comes first'],
    ['declare P1 payments "x"', 'Unknown service "payments"'],
    ['declare P1 api "unclosed', 'no closing one'],
    ['declare P1 "title" extra', 'Put the whole title in quotes'],
    ['role pilot @sam', 'Unknown role "pilot"'],
    ['role __proto__ @sam', 'Unknown role "__proto__"'],
    ['role scribe', 'Name one person'],
    ['severity', 'Name the new severity'],
    ['update now', 'takes no arguments'],
    [`declare P1 "${'x'.repeat(121)}"`, 'keep it under 120'],
  ])('%s is refused: %s', (text, problem) => {
    const result = parse(text);
    expect(result.kind).toBe('invalid');
    expect(result.kind === 'invalid' && result.problem).toContain(problem);
  });
});
