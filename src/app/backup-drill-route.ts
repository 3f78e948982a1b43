import { latestOccurrence } from '../scheduler/cron.js';
import { driveDrill } from '../workflows/backup/drill.js';
import { openScheduledDrills } from '../workflows/backup/schedule.js';
import type { WorkflowContext } from '../workflows/context.js';
import type { JobHandler } from './routes.js';
import { sendJson } from './send-json.js';

/**
 * POST /jobs/backup-drill: Cloud Scheduler's trigger of the scheduled restore drills (the latest occurrence of
 * backup.drill.schedule; exactly once per database and occurrence, shared with the in-process trigger through the
 * store). Answers 202 once the drills are recorded; they run on this instance (a drill takes minutes, more than
 * Cloud Scheduler waits), and another instance resumes one whose instance stops. The backup feature registers it.
 */
export function backupDrillRoute(ctx: WorkflowContext): JobHandler {
  return async (_req, res, caller) => {
    const settings = ctx.config.backup;
    if (!settings?.drill.enabled)
      return sendJson(res, 200, {
        ok: true,
        status: 'disabled',
        message: 'backup.drill.enabled is false (or no backup section) in chatops.yml',
      });
    const occurrence =
      latestOccurrence(settings.drill.schedule, ctx.config.timezone, ctx.clock.now()) ?? ctx.clock.now();
    ctx.log.info({ caller, occurrence: occurrence.toISOString() }, 'backup drills triggered over HTTP');
    const { opened, existing } = await openScheduledDrills(ctx, occurrence, 'http');
    for (const held of opened) void driveDrill(ctx, held.id, held);
    sendJson(res, opened.length ? 202 : 200, {
      ok: true,
      status: opened.length ? 'started' : 'already-started',
      started: opened.map((h) => h.id),
      existing,
    });
  };
}
