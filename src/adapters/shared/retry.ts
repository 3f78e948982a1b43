import { PortError, type PortErrorCode } from '../../domain/errors.js';

/**
 * Bounded retries with a timeout per attempt, shared by the vendor adapters. Each attempt gets an
 * AbortSignal that fires at its deadline; an attempt that ignores it is abandoned all the same.
 */

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number;
  /** First backoff; doubled per retry, with jitter, up to maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest Retry-After worth waiting for; a longer one fails at once with rate_limited. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 250, maxDelayMs: 4000, maxRetryAfterMs: 10_000 };

const RETRYABLE: ReadonlySet<PortErrorCode> = new Set(['unavailable', 'rate_limited', 'timeout']);

export interface RetryOptions {
  timeoutMs: number;
  policy: RetryPolicy;
  /** Turns whatever the vendor threw into a PortError. */
  translate(error: unknown): PortError;
  /** The error for an attempt that ran out of time. */
  timedOut(): PortError;
  /** Which errors are worth another attempt (default: unavailable, rate_limited, timeout). */
  retryable?(error: PortError): boolean;
  sleep?(ms: number): Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function backoffDelay(policy: RetryPolicy, retry: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retry);
  return Math.round(ceiling / 2 + Math.random() * (ceiling / 2));
}

/** Runs one attempt with a deadline. Rejects with `timedOut()` when it passes. */
export async function withTimeout<T>(
  run: (signal: AbortSignal) => Promise<T>,
  timeoutMs: number,
  timedOut: () => PortError,
): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(timedOut());
      controller.abort(new Error('deadline exceeded'));
    }, timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export async function withRetries<T>(run: (signal: AbortSignal) => Promise<T>, options: RetryOptions): Promise<T> {
  const { policy } = options;
  const sleep = options.sleep ?? defaultSleep;
  const retryable = options.retryable ?? ((e: PortError) => RETRYABLE.has(e.code));
  for (let attempt = 1; ; attempt += 1) {
    let failure: PortError;
    try {
      return await withTimeout(run, options.timeoutMs, options.timedOut);
    } catch (error) {
      failure = error instanceof PortError ? error : options.translate(error);
    }
    if (attempt >= policy.attempts || !retryable(failure)) throw failure;
    let delay = backoffDelay(policy, attempt - 1);
    if (failure.retryAfterSeconds !== undefined) {
      const asked = failure.retryAfterSeconds * 1000;
      if (asked > policy.maxRetryAfterMs) throw failure;
      delay = asked;
    }
    await sleep(delay);
  }
}

/** Parses a Retry-After header: seconds, or an HTTP date. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}
