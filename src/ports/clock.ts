import { setTimeout as delay } from 'node:timers/promises';

export interface Clock {
  now(): Date;
  /** Waits; bake times and poll intervals go through here so tests can shorten or observe them. */
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date(), sleep: (ms) => delay(ms) };
