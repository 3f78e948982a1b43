import type { WorkflowContext } from '../workflows/context.js';
import { runCostDigest, type DigestStatus } from '../workflows/cost/digest.js';
import { latestOccurrence } from '../scheduler/cron.js';
import type { JobHandler } from './routes.js';
import { sendJson } from './send-json.js';

/**
 * POST /jobs/cost-digest: Cloud Scheduler's trigger of the weekly digest (the latest scheduled occurrence;
 * exactly once, shared with the in-process trigger through the store). The cost feature registers it.
 */

const DIGEST_HTTP_STATUS: Record<DigestStatus, number> = {
  posted: 200,
  'already-posted': 200,
  'in-progress': 409, // another instance is on it; a retry finds it posted
  waiting: 503,
  'retry-scheduled': 503,
  failed: 500,
};

export function costDigestRoute(ctx: WorkflowContext): JobHandler {
  return async (_req, res, caller) => {
    const { digest: settings } = ctx.config.cost;
    if (!settings.enabled)
      return sendJson(res, 200, {
        ok: true,
        status: 'disabled',
        message: 'cost.digest.enabled is false in chatops.yml',
      });
    const occurrence = latestOccurrence(settings.schedule, ctx.config.timezone, ctx.clock.now());
    if (!occurrence) return sendJson(res, 200, { ok: true, status: 'not-due' });
    ctx.log.info({ caller, occurrence: occurrence.toISOString() }, 'cost digest triggered over HTTP');
    const outcome = await runCostDigest(ctx, occurrence, 'http');
    const status = DIGEST_HTTP_STATUS[outcome.status];
    sendJson(res, status, { ok: status === 200, ...outcome });
  };
}
