import type { ApiService } from './mapping.js';

/** The google-gax call options the adapter sets (its own retries and timeouts replace gax's). */
export interface GaxOptions {
  timeout: number;
  retry: null;
  longrunning?: {
    initialRetryDelayMillis: number;
    retryDelayMultiplier: number;
    maxRetryDelayMillis: number;
    totalTimeoutMillis: number;
  };
}

export type Operation = { promise(): Promise<[ApiService, ...unknown[]]>; removeAllListeners(): unknown };

/** An operation that finished in error rejects with a GoogleError: a gRPC code, no HTTP response. */
export const isOperationError = (e: unknown): e is Error & { code: number } =>
  e instanceof Error &&
  typeof (e as { code?: unknown }).code === 'number' &&
  (e as unknown as { code: number }).code < 100 &&
  !('response' in e);
