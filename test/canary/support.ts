import type { Clock } from '../../src/ports/clock.js';
import { testConfig } from '../support/deploy-helpers.js';
import type { Harness } from '../support/harness.js';

/** The example config (api's canary analysis as it is there, 1 s bakes) with changes for a test, as a file. */
export function canaryConfig(change: (yaml: string) => string = (y) => y): string {
  return testConfig(change);
}

/** Sets api's bakes to `seconds`. */
export const bake = (seconds: number) => (yaml: string) =>
  yaml.replace(
    'canary: { steps: [10, 50, 100], bakeSeconds: 1 }',
    `canary: { steps: [10, 50, 100], bakeSeconds: ${seconds} }`,
  );

/**
 * A clock whose sleeps pass at once in its own time (a few real milliseconds each), starting at the wall clock:
 * minutes of bake (and of Cloud Monitoring data points) in a second.
 */
export function fastClock(): Clock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    sleep: async (ms) => {
      offset += ms;
      await new Promise((resolve) => setTimeout(resolve, 2));
    },
  };
}

export const serving = (h: Harness, service: string): string[] =>
  h.cloudRun
    .getTraffic(service)
    .filter((t) => t.percent > 0)
    .map((t) => `${t.percent}% ${t.revision}`);
