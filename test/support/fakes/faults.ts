import { PortError, type PortErrorCode } from '../../../src/domain/errors.js';

/**
 * Every call a fake port receives, and failures a test queues for its next calls: the fakes' answer to the
 * stand-ins' `faults.inject`, in process. A queued failure is thrown as the adapter would: a PortError.
 */
export class CallLog<M extends string> {
  readonly calls: { method: M; args: unknown[] }[] = [];
  private readonly queued = new Map<M, { error: Error; times: number }>();

  constructor(private readonly backend: string) {}

  /** The next `times` calls of `method` fail with `code` (or the given error). */
  fail(method: M, code: PortErrorCode | Error, times = Number.POSITIVE_INFINITY): void {
    const error =
      code instanceof Error ? code : new PortError(code, `${this.backend} ${method}: ${code}`, this.backend);
    this.queued.set(method, { error, times });
  }

  clear(): void {
    this.queued.clear();
  }

  /** How often `method` was called. */
  count(method: M): number {
    return this.calls.filter((c) => c.method === method).length;
  }

  /** Records the call, then throws the failure queued for it, if any. */
  enter(method: M, ...args: unknown[]): void {
    this.calls.push({ method, args });
    const fault = this.queued.get(method);
    if (!fault) return;
    fault.times -= 1;
    if (fault.times <= 0) this.queued.delete(method);
    throw fault.error;
  }
}
