import type { BackupDrill, DrillTrigger } from '../../domain/backup.js';
import type { WorkflowContext } from '../context.js';
import { digestKey } from '../cost/digest.js';
import type { LeaseHolder } from '../lease.js';
import { openDrill } from './drill.js';
import { allDatabases } from './target.js';

/**
 * The scheduled drills of one occurrence of `backup.drill.schedule`: one per configured database, exactly once
 * whatever the number of instances and triggers (the in-process cron and POST /jobs/backup-drill), because the
 * drill's ID is the database and the occurrence, created if absent. Returns the drills this call opened (to be
 * driven by the caller) and the IDs of those that existed already.
 */
export async function openScheduledDrills(
  ctx: WorkflowContext,
  occurrence: Date,
  trigger: DrillTrigger,
): Promise<{ opened: LeaseHolder<BackupDrill>[]; existing: string[] }> {
  const key = digestKey(occurrence, ctx.config.timezone);
  const opened: LeaseHolder<BackupDrill>[] = [];
  const existing: string[] = [];
  for (const target of allDatabases(ctx)) {
    const held = await openDrill(ctx, { database: target.name, trigger, occurrence: { at: occurrence, key } });
    if (held) opened.push(held);
    else existing.push(`bd-${target.name}-${key}`);
  }
  return { opened, existing };
}
