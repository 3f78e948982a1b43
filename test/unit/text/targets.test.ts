import { describe, expect, it } from 'vitest';
import { checkTarget } from '../../../src/workflows/targets.js';

const SERVICES = {
  api: { environments: { staging: {}, prod: {} } },
  web: { environments: { prod: {} } },
};

describe('checkTarget: one check and one message for a service and environment', () => {
  it('accepts a configured service, with or without a configured environment', () => {
    expect(checkTarget(SERVICES, 'api')).toBeUndefined();
    expect(checkTarget(SERVICES, 'api', 'prod')).toBeUndefined();
  });

  it('names what is known when the service is not', () => {
    expect(checkTarget(SERVICES, 'nope', 'prod')).toBe('Unknown service "nope". Known services: api, web.');
  });

  it("names the service's environments when the environment is not known", () => {
    expect(checkTarget(SERVICES, 'web', 'staging')).toBe(
      'Unknown environment "staging" for web. Known environments: prod.',
    );
  });

  it('clips what the user typed', () => {
    expect(checkTarget(SERVICES, 'x'.repeat(100))).toBe(
      `Unknown service "${'x'.repeat(40)}…". Known services: api, web.`,
    );
    expect(checkTarget(SERVICES, 'api', 'y'.repeat(41))).toContain(`"${'y'.repeat(40)}…"`);
  });

  it('knows only the configured names, not what every object has', () => {
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(checkTarget(SERVICES, name)).toMatch(/^Unknown service/);
      expect(checkTarget(SERVICES, 'api', name)).toMatch(/^Unknown environment/);
    }
  });
});
