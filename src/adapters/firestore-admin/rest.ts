import { PortError } from '../../domain/errors.js';
import type { GoogleCredentials } from '../google-auth.js';
import { googleRest, type RestMethod } from '../shared/google-rest.js';
import { DEFAULT_RETRY, type RetryPolicy } from '../shared/retry.js';
import { vendorClient, type VendorClients } from '../shared/vendor-clients.js';
import { BACKEND, toPortError, type Action } from './errors.js';

export interface FirestoreRestSettings {
  /** A stand-in ("http://127.0.0.1:8123") or another API endpoint (a regional one); unset: Google's. */
  endpoint?: string;
  /** What the calls authenticate with (`googleCredentialsFor`); unset: Google's default credentials. */
  credentials?: GoogleCredentials;
  /** Warms google-auth-library after listen, before ready (src/adapters/shared/vendor-clients.ts); unset: loaded on first use. */
  vendorClients?: VendorClients;
  /** Per call (default 15 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** One call to the Firestore Admin or data API, failing with the words of `action` on `what` (errors.ts). */
export interface FirestoreCall {
  <T>(action: Action, what: string, method: RestMethod, path: string, body?: unknown): Promise<T>;
  /** Made once, never retried: a call that starts something (restore, clone, delete). */
  once<T>(action: Action, what: string, method: RestMethod, path: string, body?: unknown): Promise<T>;
  loaded(): boolean;
  release(): Promise<void>;
}

/**
 * The Firestore APIs as JSON over REST with google-auth-library's authenticated request (googleRest), not the
 * GAPIC clients of `@google-cloud/firestore`: those load google-gax and its protos, tens of MB and a few hundred
 * milliseconds of synchronous loading, for a handful of plain calls. google-auth-library is still loaded on first
 * use, so it is declared for the warm-up.
 */
export function firestoreRest(settings: FirestoreRestSettings): FirestoreCall {
  const timeoutMs = settings.timeoutMs ?? 15_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...settings.retry };
  const rest = googleRest({
    baseUrl: settings.endpoint ? new URL(settings.endpoint).origin : 'https://firestore.googleapis.com',
    credentials: settings.credentials ?? (async () => undefined),
    backend: BACKEND,
    role: 'roles/datastore.viewer',
    timeoutMs,
  });
  const ready = vendorClient(
    'Firestore Admin',
    () =>
      rest.warm().catch((error: unknown) => {
        throw new PortError('unavailable', `The Firestore client could not start: ${String(error)}`, BACKEND);
      }),
    settings.vendorClients,
  );
  const send =
    (attempts: number) =>
    async <T>(action: Action, what: string, method: RestMethod, path: string, body?: unknown): Promise<T> => {
      await ready();
      return rest<T>(method, `/v1/${path}`, body, {
        policy: { ...policy, attempts },
        translate: (error) => toPortError(error, action, what),
        timedOut: () =>
          new PortError('timeout', `Firestore did not answer within ${timeoutMs / 1000}s (${what})`, BACKEND),
      });
    };
  return Object.assign(send(policy.attempts), {
    once: send(1),
    loaded: () => ready.loaded(),
    release: async () => void (await ready.release()),
  });
}
