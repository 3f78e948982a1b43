import { z } from 'zod';
import { collection } from '../domain/collection.js';
import { isPortError } from '../domain/errors.js';
import type { Store } from '../ports/store.js';

export interface Readiness {
  ready: boolean;
  /** One line per failing part, e.g. "slack: auth.test not yet accepted (Slack answered 503)". */
  failing: string[];
}

const STORE_TIMEOUT_MS = 2000;
/** Never written: the probe reads a record that is not there, which costs a backend round trip and nothing else. */
const PROBE = collection('readiness', z.unknown());

/**
 * GET /readyz: ready when the store answers a cheap read and every other part (`others`: Slack has accepted the
 * bot token, the vendor clients are warm) says nothing is missing. Those parts report cached states, so a probe
 * never calls Slack; the store is read once per probe. /healthz stays a liveness check: a bot waiting for Slack
 * is alive, and restarting it would not help.
 */
export function readiness(store: Store, ...others: (() => string | undefined)[]): () => Promise<Readiness> {
  return async () => {
    const failing = [await storeFailing(store), ...others.map((part) => part())].filter(
      (part): part is string => part !== undefined,
    );
    return { ready: failing.length === 0, failing };
  };
}

async function storeFailing(store: Store): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<string>(
    (resolve) =>
      (timer = setTimeout(
        () => resolve(`store: ${store.kind} did not answer within ${STORE_TIMEOUT_MS / 1000} s`),
        STORE_TIMEOUT_MS,
      )),
  );
  const read = store.get(PROBE, 'probe').then(
    () => undefined,
    (error: unknown) => `store: ${store.kind} read failed (${isPortError(error) ? error.code : 'unexpected error'})`,
  );
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
