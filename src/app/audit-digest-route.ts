import { latestOccurrence } from '../scheduler/cron.js';
import type { WorkflowContext } from '../workflows/context.js';
import { type AuditDigestStatus, runAuditDigest } from '../workflows/audit/digest.js';
import type { JobHandler } from './routes.js';
import { sendJson } from './send-json.js';

/** POST /jobs/security-audit: Cloud Scheduler's trigger of the weekly security digest (the latest occurrence). */

const HTTP_STATUS: Record<AuditDigestStatus, number> = {
  posted: 200,
  'already-posted': 200,
  'in-progress': 409,
  'retry-scheduled': 503,
  failed: 500,
};

export function auditDigestRoute(ctx: WorkflowContext): JobHandler {
  return async (_req, res, caller) => {
    const { digest } = ctx.config.audit;
    if (!digest.enabled)
      return sendJson(res, 200, {
        ok: true,
        status: 'disabled',
        message: 'audit.digest.enabled is false in chatops.yml',
      });
    const occurrence = latestOccurrence(digest.schedule, ctx.config.timezone, ctx.clock.now());
    if (!occurrence) return sendJson(res, 200, { ok: true, status: 'not-due' });
    ctx.log.info({ caller, occurrence: occurrence.toISOString() }, 'security digest triggered over HTTP');
    const outcome = await runAuditDigest(ctx, occurrence, 'http');
    const status = HTTP_STATUS[outcome.status];
    sendJson(res, status, { ok: status === 200, ...outcome });
  };
}
