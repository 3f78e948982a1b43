import type { Clock } from '../../src/ports/clock.js';

/**
 * A clock that stands still until the test moves it. A workflow's sleep (a bake, a poll, a backoff) moves it by
 * the time asked and returns on the next turn of the event loop, so waits take no real time and work beside it
 * (a click, a second instance) still gets its turn.
 */
export function fixedClock(start: string | Date = '2026-11-24T10:00:00.000Z') {
  let current = new Date(start);
  const clock = {
    now: () => new Date(current),
    sleep: async (ms: number) => {
      current = new Date(current.getTime() + ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    set: (at: string | Date) => void (current = new Date(at)),
    advance: (ms: number) => void (current = new Date(current.getTime() + ms)),
  } satisfies Clock & Record<string, unknown>;
  return clock;
}
export type FixedClock = ReturnType<typeof fixedClock>;
