import { RESTORE_REQUESTS, type RestoreRequest } from '../../domain/backup.js';
import { isPortError } from '../../domain/errors.js';
import type { WorkflowContext } from '../context.js';
import { claimLease, HandedOver, isLeased, LeaseLost, type LeaseHolder, type LeaseTerms } from '../lease.js';
import { awaitOperation } from './operation.js';

export const restoreLease = (ctx: WorkflowContext): LeaseTerms<RestoreRequest> => ({
  collection: RESTORE_REQUESTS,
  noun: 'restore',
  ms: ctx.config.deploy.leaseSeconds * 1000,
});

type Held = LeaseHolder<RestoreRequest>;

/**
 * Runs an approved (or break-glass) restore: `databases:restore` or `databases:clone` into the new database, then
 * waits for its operation. The operation's name is recorded before the wait, so a restart waits for it and never
 * starts a second. Returns the finished request, or null (another instance holds it, or this one shut down).
 */
export function executeRestore(ctx: WorkflowContext, id: string, resumed = false): Promise<RestoreRequest | null> {
  if (ctx.drivers.stopping && resumed) return Promise.resolve(null);
  return ctx.drivers.drive(`backup-restore:${id}`, () => execute(ctx, id, resumed)) ?? Promise.resolve(null);
}

async function execute(ctx: WorkflowContext, id: string, resumed: boolean): Promise<RestoreRequest | null> {
  const held = await claimLease(ctx, restoreLease(ctx), id, {
    take: (r, ours) => {
      if (r.status !== 'running') return false;
      if (resumed && !ours) r.resumes = (r.resumes ?? 0) + 1;
      return true;
    },
  }).catch((error: unknown) => {
    ctx.log.error({ err: error, requestId: id }, 'could not claim the restore');
    return null;
  });
  if (!held) return null;
  const changed = () => ctx.events.emit('backup.restore.updated', { requestId: id });
  try {
    return await held.renewing(async () => {
      const outcome = await run(ctx, held, changed);
      const finishedAt = ctx.clock.now().toISOString();
      const written = await held.complete((r) => void Object.assign(r, outcome, { finishedAt }));
      await ctx.store.appendAudit({
        actor: 'system',
        action: `backup.restore.${outcome.status}`,
        target: `restore:${id}`,
        details: { to: written.targetDatabase, ...(outcome.error ? { error: outcome.error } : {}) },
      });
      changed();
      return written;
    });
  } catch (error) {
    if (error instanceof HandedOver) await held.release().catch(() => undefined);
    else if (error instanceof LeaseLost) ctx.log.warn({ requestId: id }, error.message);
    else
      ctx.log.error(
        { err: error, requestId: id },
        'restore failed unexpectedly; it is resumed when its lease runs out',
      );
    return null;
  }
}

async function run(
  ctx: WorkflowContext,
  held: Held,
  changed: () => void,
): Promise<Pick<RestoreRequest, 'status' | 'error'>> {
  const r = held.record;
  const target = { project: r.source.project, database: r.targetDatabase };
  try {
    held.checkpoint();
    if (!r.operation) {
      let operation: string;
      try {
        operation =
          r.from.kind === 'backup'
            ? await ctx.backups.restore(r.source.project, r.targetDatabase, r.from.backup)
            : await ctx.backups.clone(r.source.project, r.targetDatabase, r.source, r.from.at);
      } catch (error) {
        // Asked for before by this request (the answer was lost): the new database names the operation filling it.
        const existing = isPortError(error) && error.code === 'conflict' ? await ctx.backups.getDatabase(target) : null;
        if (!existing?.restoredFromOperation || !r.resumes) throw error;
        operation = existing.restoredFromOperation;
      }
      await held.save((x) => void (x.operation = operation));
      changed();
    }
    const end = await awaitOperation(ctx, held, held.record.startedAt ?? ctx.clock.now().toISOString(), changed);
    if (end.kind === 'done') return { status: 'succeeded' };
    return {
      status: 'failed',
      error: end.kind === 'failed' ? end.message : `the operation did not finish within ${end.minutes} minutes`,
    };
  } catch (error) {
    if (error instanceof LeaseLost) throw error;
    if (held.stopping) throw new HandedOver(`restore ${held.id} handed over`);
    if (!isPortError(error)) ctx.log.error({ err: error, requestId: r.id }, 'restore failed unexpectedly');
    return { status: 'failed', error: isPortError(error) ? error.message : 'an unexpected error (see the bot log)' };
  }
}

/** The resume job: running restores nobody holds are taken over (they wait for their recorded operation). */
export async function resumeRestores(
  ctx: WorkflowContext,
  now: Date,
  resume: (id: string) => Promise<unknown>,
): Promise<void> {
  const running = await ctx.store.list(RESTORE_REQUESTS, { where: { status: 'running' } });
  for (const record of running) {
    if (isLeased(record.data, now)) continue;
    void resume(record.id).catch((error: unknown) =>
      ctx.log.error({ err: error, requestId: record.id }, 'could not resume the restore'),
    );
  }
}
