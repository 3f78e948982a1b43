import { randomBytes } from 'node:crypto';
import { type BackupDrill, type DrillVerdict, MissingRole } from '../../domain/backup.js';
import { isPortError } from '../../domain/errors.js';
import type { WorkflowContext } from '../context.js';
import type { LeaseHolder } from '../lease.js';
import { awaitOperation } from './operation.js';
import { backupsOf, drillDatabaseId } from './target.js';
import { verifyRestore } from './verify.js';

type Held = LeaseHolder<BackupDrill>;

/**
 * The drill's steps, each recorded before and after it acts, so whoever holds the drill next continues at the
 * first unfinished one: restore → wait → verify → cleanup → done. A failure records the verdict and goes on to
 * cleanup: the drill database is always deleted.
 */
export async function runStep(ctx: WorkflowContext, held: Held, changed: () => void): Promise<void> {
  const drill = held.record;
  switch (drill.step) {
    case 'restore':
      return restore(ctx, held);
    case 'wait': {
      const end = await awaitOperation(ctx, held, drill.restoreStartedAt!, changed);
      const now = ctx.clock.now().toISOString();
      if (end.kind === 'done')
        return void (await held.save((r) =>
          Object.assign(r, { step: 'verify', restoredAt: now, progressPercent: 100 }),
        ));
      const reason: DrillVerdict['reason'] =
        end.kind === 'failed'
          ? { kind: 'restore-failed', message: end.message }
          : { kind: 'timeout', minutes: end.minutes };
      return void (await held.save((r) => Object.assign(r, { step: 'cleanup', verdict: { passed: false, reason } })));
    }
    case 'verify': {
      const result = await verifyRestore(ctx, drill, { project: drill.source.project, database: drill.drillDatabase! });
      const verifiedAt = ctx.clock.now().toISOString();
      return void (await held.save((r) => Object.assign(r, result, { verifiedAt, step: 'cleanup' })));
    }
    case 'cleanup':
      return cleanup(ctx, held);
    case 'done':
      return;
  }
}

async function restore(ctx: WorkflowContext, held: Held): Promise<void> {
  const drill = held.record;
  if (!drill.backup || !drill.drillDatabase) {
    const newest = (await backupsOf(ctx, drill.source)).find((b) => b.state === 'READY' && b.snapshotTime);
    if (!newest) {
      await held.save((r) =>
        Object.assign(r, { step: 'done', verdict: { passed: false, reason: { kind: 'no-backup' } } }),
      );
      return;
    }
    // Named before the restore is asked for: a retry after a crash asks for the same database, never a second one.
    const drillDatabase = drillDatabaseId(ctx.clock.now(), randomBytes(3).toString('hex'));
    const backup = {
      name: newest.name,
      snapshotTime: newest.snapshotTime!,
      ...(newest.documentCount !== undefined ? { documentCount: newest.documentCount } : {}),
    };
    await held.save((r) => Object.assign(r, { backup, drillDatabase }));
  }
  const { backup, drillDatabase } = held.record;
  const restoreStartedAt = ctx.clock.now().toISOString();
  let operation: string;
  try {
    operation = await ctx.backups.restore(drill.source.project, drillDatabase!, backup!.name);
  } catch (error) {
    // Asked for before (the answer was lost, or the bot stopped): the database names the operation that fills it.
    if (!(isPortError(error) && error.code === 'conflict')) throw error;
    const existing = await ctx.backups.getDatabase({ project: drill.source.project, database: drillDatabase! });
    if (!existing?.restoredFromOperation) throw error;
    operation = existing.restoredFromOperation;
  }
  await held.save((r) => Object.assign(r, { operation, restoreStartedAt, step: 'wait' }));
  await ctx.store.appendAudit({
    actor: 'system',
    action: 'backup.drill.restore',
    target: `backup:${drill.database}`,
    details: { drillId: drill.id, backup: backup!.name, drillDatabase: drillDatabase!, operation },
  });
}

async function cleanup(ctx: WorkflowContext, held: Held): Promise<void> {
  const drill = held.record;
  if (!drill.drillDatabase) return void (await held.save((r) => void (r.step = 'done')));
  try {
    await ctx.backups.deleteDatabase({ project: drill.source.project, database: drill.drillDatabase });
    await held.save((r) => Object.assign(r, { step: 'done', cleanup: { deleted: true } }));
  } catch (error) {
    if (!isPortError(error)) throw error;
    await held.save((r) => Object.assign(r, { step: 'done', cleanup: { deleted: false, error: error.message } }));
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'backup.drill.cleanup-failed',
      target: `backup:${drill.database}`,
      details: { drillId: drill.id, drillDatabase: drill.drillDatabase, error: error.message },
    });
  }
}

/** A backend failure as the drill's verdict: the report names the role when a permission was missing. */
export function backendVerdict(error: unknown): DrillVerdict | undefined {
  if (!isPortError(error)) return undefined;
  return {
    passed: false,
    reason: { kind: 'backend', message: error.message, ...(error instanceof MissingRole ? { role: error.role } : {}) },
  };
}
