import type { Clock } from '../../ports/clock.js';

/**
 * GitHub's workflow_run webhook wakes the poller that follows that run, so a finished run is reported at
 * once instead of at the next poll. Polling still runs: a webhook that reaches another instance, or none,
 * only costs the backoff.
 */
const sleepers = new Map<number, Set<() => void>>();

export function wakeRun(runId: number): boolean {
  const waiting = sleepers.get(runId);
  for (const wake of waiting ?? []) wake();
  return Boolean(waiting?.size);
}

export async function sleepUnlessWoken(clock: Clock, ms: number, runId: number): Promise<void> {
  let wake: () => void = () => undefined;
  const woken = new Promise<void>((resolve) => (wake = resolve));
  const set = sleepers.get(runId) ?? new Set();
  set.add(wake);
  sleepers.set(runId, set);
  try {
    await Promise.race([clock.sleep(ms), woken]);
  } finally {
    set.delete(wake);
    if (set.size === 0) sleepers.delete(runId);
  }
}
