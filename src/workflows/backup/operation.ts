import type { OperationStatus } from '../../domain/backup.js';
import type { WorkflowContext } from '../context.js';
import type { Leasable, LeaseHolder } from '../lease.js';

/** How a restore's (or clone's) long-running operation ended, as far as this wait could tell. */
export type OperationEnd =
  | { kind: 'done' }
  | { kind: 'failed'; message: string }
  | { kind: 'timeout'; minutes: number };

interface Waitable extends Leasable {
  operation?: string;
  progressPercent?: number;
}

/**
 * Waits for the recorded operation under the lease: looks every `drill.pollSeconds`, records its progress (the
 * report shows it), and gives up `drill.timeoutMinutes` after `startedAt`. A restart calls it again with the same
 * recorded operation: it waits for that one, and never starts another.
 */
export async function awaitOperation<T extends Waitable>(
  ctx: WorkflowContext,
  held: LeaseHolder<T>,
  startedAt: string,
  changed: () => void,
): Promise<OperationEnd> {
  const settings = ctx.config.backup!.drill;
  const name = held.record.operation!;
  for (;;) {
    held.checkpoint();
    const status: OperationStatus = await ctx.backups.getOperation(name);
    if (status.done) return status.error ? { kind: 'failed', message: status.error.message } : { kind: 'done' };
    if (status.progressPercent !== undefined && status.progressPercent !== held.record.progressPercent) {
      await held.save((r) => void (r.progressPercent = status.progressPercent));
      changed();
    }
    if (ctx.clock.now().getTime() - Date.parse(startedAt) > settings.timeoutMinutes * 60_000)
      return { kind: 'timeout', minutes: settings.timeoutMinutes };
    await held.pause(settings.pollSeconds * 1000);
  }
}
