import { randomBytes } from 'node:crypto';
import { BACKUP_DRILLS, type BackupDrill, type DrillTrigger } from '../../domain/backup.js';
import type { WorkflowContext } from '../context.js';
import { claimLease, HandedOver, isLeased, LeaseLost, type LeaseHolder, type LeaseTerms } from '../lease.js';
import { Refusal, update } from '../records.js';
import { backendVerdict, runStep } from './drill-steps.js';
import { resolveDatabase } from './target.js';

/**
 * A restore drill: the newest READY backup restored into a new database, counted and sampled against the source,
 * and the drill database deleted. One record per drill, driven under the lease by one instance at a time; its
 * steps are recorded, so a restart (or another instance, once the lease ran out) resumes at the first unfinished
 * step: waiting for the recorded operation, never restoring twice.
 */

export const drillLease = (ctx: WorkflowContext): LeaseTerms<BackupDrill> => ({
  collection: BACKUP_DRILLS,
  noun: 'backup drill',
  ms: ctx.config.deploy.leaseSeconds * 1000,
});

export interface DrillAsk {
  database: string;
  trigger: DrillTrigger;
  requestedBy?: string;
  /** Scheduled drills: the occurrence, and its key (one drill per database per occurrence, whoever triggers it). */
  occurrence?: { at: Date; key: string };
}

/** Records a new drill, leased by this instance; null when the occurrence's drill exists already. */
export async function openDrill(ctx: WorkflowContext, ask: DrillAsk): Promise<LeaseHolder<BackupDrill> | null> {
  const target = resolveDatabase(ctx, ask.database);
  const now = ctx.clock.now();
  if (!ask.occurrence) {
    const running = (await ctx.store.list(BACKUP_DRILLS, { where: { status: 'running' } })).find(
      (r) => r.data.database === ask.database,
    );
    if (running)
      throw new Refusal(
        `A drill of ${ask.database} is running already (${running.id}); its report is in the backup channel.`,
        'conflict',
      );
  }
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  const id = ask.occurrence
    ? `bd-${ask.database}-${ask.occurrence.key}`
    : `bd-${ask.database}-${stamp}-${randomBytes(2).toString('hex')}`;
  const drill: BackupDrill = {
    id,
    database: ask.database,
    source: target.ref,
    trigger: ask.trigger,
    ...(ask.requestedBy ? { requestedBy: ask.requestedBy } : {}),
    ...(ask.occurrence ? { occurrence: ask.occurrence.at.toISOString() } : {}),
    status: 'running',
    step: 'restore',
    startedAt: now.toISOString(),
  };
  const held = await claimLease(ctx, drillLease(ctx), id, { create: drill, take: () => false });
  if (!held || held.record.startedAt !== drill.startedAt) return null;
  await ctx.store.appendAudit({
    actor: ask.requestedBy ?? 'system',
    action: 'backup.drill.start',
    target: `backup:${ask.database}`,
    details: { drillId: id, trigger: ask.trigger },
  });
  return held;
}

export interface DriveOptions {
  resumed?: boolean;
  /** The drill changed (progress, a step): its report is re-rendered. */
  changed?: (drill: BackupDrill) => void;
}

/** Drives drill `id` to its end as the one driver in this process; takes it over when `resumed`. Never throws. */
export function driveDrill(
  ctx: WorkflowContext,
  id: string,
  held?: LeaseHolder<BackupDrill>,
  options: DriveOptions = {},
): Promise<BackupDrill | null> {
  if (ctx.drivers.stopping && options.resumed) return Promise.resolve(null);
  return ctx.drivers.drive(`backup-drill:${id}`, () => drive(ctx, id, held, options)) ?? Promise.resolve(null);
}

async function drive(
  ctx: WorkflowContext,
  id: string,
  given: LeaseHolder<BackupDrill> | undefined,
  options: DriveOptions,
): Promise<BackupDrill | null> {
  const held =
    given ??
    (await claimLease(ctx, drillLease(ctx), id, {
      take: (r, ours) => {
        if (r.status !== 'running') return false;
        if (options.resumed && !ours) r.resumes = (r.resumes ?? 0) + 1;
        return true;
      },
    }).catch((error: unknown) => {
      ctx.log.error({ err: error, drillId: id }, 'could not claim the backup drill');
      return null;
    }));
  if (!held) return null;
  const changed = () => {
    ctx.events.emit('backup.drill.updated', { drillId: id });
    options.changed?.(held.record);
  };
  if (options.resumed)
    ctx.log.info({ drillId: id, step: held.record.step }, 'resuming a backup drill whose instance stopped');
  changed();
  try {
    return await held.renewing(() => steps(ctx, held, changed));
  } catch (error) {
    if (error instanceof HandedOver) {
      await held.release().catch(() => undefined);
      ctx.log.info({ drillId: id }, 'shutting down: handed the backup drill over');
    } else if (error instanceof LeaseLost) ctx.log.warn({ drillId: id }, error.message);
    else
      ctx.log.error(
        { err: error, drillId: id },
        'could not record a step of the backup drill; it is resumed when its lease runs out',
      );
    return null;
  }
}

async function steps(ctx: WorkflowContext, held: LeaseHolder<BackupDrill>, changed: () => void): Promise<BackupDrill> {
  while (held.record.step !== 'done') {
    held.checkpoint();
    try {
      await runStep(ctx, held, changed);
    } catch (error) {
      if (error instanceof LeaseLost) throw error;
      if (held.stopping) throw new HandedOver(`backup drill ${held.id} handed over`);
      const verdict = backendVerdict(error);
      if (!verdict) ctx.log.error({ err: error, drillId: held.id }, 'backup drill failed unexpectedly');
      const reason = verdict?.reason ?? { kind: 'backend' as const, message: 'an unexpected error (see the bot log)' };
      // The verdict stands; only the cleanup is left (or nothing, when the cleanup itself failed unexpectedly).
      await held.save((r) => {
        r.verdict ??= { passed: false, reason };
        r.step = r.step === 'cleanup' ? 'done' : 'cleanup';
      });
    }
    changed();
  }
  const passed = held.record.verdict?.passed === true;
  const written = await held.complete((r) =>
    Object.assign(r, { status: passed ? 'passed' : 'failed', finishedAt: ctx.clock.now().toISOString() }),
  );
  await ctx.store.appendAudit({
    actor: 'system',
    action: passed ? 'backup.drill.passed' : 'backup.drill.failed',
    target: `backup:${written.database}`,
    details: {
      drillId: written.id,
      reason: written.verdict?.reason.kind ?? 'unknown',
      deleted: written.cleanup?.deleted ?? null,
    },
  });
  changed();
  return written;
}

/** The resume job: running drills nobody holds (their instance stopped) are taken over by `resume`. */
export async function resumeDrills(
  ctx: WorkflowContext,
  now: Date,
  resume: (id: string) => Promise<unknown>,
): Promise<void> {
  const running = await ctx.store.list(BACKUP_DRILLS, { where: { status: 'running' } });
  for (const record of running) {
    if (isLeased(record.data, now)) continue;
    void resume(record.id).catch((error: unknown) =>
      ctx.log.error({ err: error, drillId: record.id }, 'could not resume the backup drill'),
    );
  }
}

export async function getDrill(ctx: WorkflowContext, id: string): Promise<BackupDrill | null> {
  return (await ctx.store.get(BACKUP_DRILLS, id))?.data ?? null;
}

/** Remembers where the drill's report was posted, so later changes update it in place. */
export async function attachDrillMessage(
  ctx: WorkflowContext,
  id: string,
  message: { channel: string; ts: string },
): Promise<void> {
  await update(ctx.store, BACKUP_DRILLS, id, (r) => ({ ...r, message: r.message ?? message }));
}
