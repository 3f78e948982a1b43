import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { CostEnv } from '../config/env.js';
import { isPortError } from '../domain/errors.js';
import type { WorkflowContext } from '../workflows/context.js';
import { handleBudgetNotification } from '../workflows/cost/budget-alerts.js';
import { runCostDigest, type DigestStatus } from '../workflows/cost/digest.js';
import { authenticateJob, type VerifyIdToken } from './cost-job-auth.js';
import { latestOccurrence } from './cost-digest.js';
import { readLimitedBody } from '../app/read-body.js';

/**
 * The cost feature's HTTP entries on the bot's own server:
 * - POST /jobs/cost-digest: Cloud Scheduler's trigger of the weekly digest (the latest scheduled occurrence;
 *   exactly once, shared with the in-process trigger through the store).
 * - POST /hooks/budget: GCP Budget notifications, as Pub/Sub push delivers them.
 * Both take the shared secret, or a Google OIDC token minted for that endpoint's own audience (cost-job-auth.ts).
 */

const DIGEST_HTTP_STATUS: Record<DigestStatus, number> = {
  posted: 200,
  'already-posted': 200,
  'in-progress': 409, // another instance is on it; a retry finds it posted
  waiting: 503,
  'retry-scheduled': 503,
  failed: 500,
};

const MAX_BODY = 64 * 1024;

export function costRoutes(
  ctx: WorkflowContext,
  jobs: CostEnv['jobs'],
  verify: VerifyIdToken,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/jobs/cost-digest' && path !== '/hooks/budget') return false;
    if (req.method !== 'POST') {
      res.writeHead(405, { allow: 'POST' }).end();
      return true;
    }
    const auth = await authenticateJob(req, path === '/jobs/cost-digest' ? jobs.digest : jobs.budget, jobs, verify);
    if (!auth.ok) {
      ctx.log.warn({ path, status: auth.status, reason: auth.reason }, `${path}: request refused`);
      send(
        res,
        auth.status,
        { ok: false, error: auth.reason },
        auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {},
      );
      return true;
    }
    if (path === '/jobs/cost-digest') await digest(ctx, res, auth.caller);
    else await budget(ctx, req, res);
    return true;
  };
}

async function digest(ctx: WorkflowContext, res: ServerResponse, caller: string): Promise<void> {
  const { digest: settings } = ctx.config.cost;
  if (!settings.enabled)
    return send(res, 200, { ok: true, status: 'disabled', message: 'cost.digest.enabled is false in chatops.yml' });
  const occurrence = latestOccurrence(settings.schedule, ctx.config.timezone, ctx.clock.now());
  if (!occurrence) return send(res, 200, { ok: true, status: 'not-due' });
  ctx.log.info({ caller, occurrence: occurrence.toISOString() }, 'cost digest triggered over HTTP');
  const outcome = await runCostDigest(ctx, occurrence, 'http');
  send(res, DIGEST_HTTP_STATUS[outcome.status], { ok: DIGEST_HTTP_STATUS[outcome.status] === 200, ...outcome });
}

const notification = z.object({
  budgetDisplayName: z.string().min(1),
  costAmount: z.number(),
  budgetAmount: z.number(),
  currencyCode: z.string().regex(/^[A-Z]{3}$/),
  costIntervalStart: z.iso.datetime({ offset: true }),
  alertThresholdExceeded: z.number().positive().optional(),
  forecastThresholdExceeded: z.number().positive().optional(),
});

const envelope = z.object({
  message: z.object({
    data: z.string().min(1),
    attributes: z.record(z.string(), z.string()).optional(),
    messageId: z.string().optional(),
    message_id: z.string().optional(),
  }),
  subscription: z.string().optional(),
});

/**
 * Not a Pub/Sub push envelope: 400. An envelope whose data is not a budget notification: logged with
 * what is wrong and acknowledged (200), since redelivering it would never help.
 */
async function budget(ctx: WorkflowContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = (await readLimitedBody(req, MAX_BODY))?.toString('utf8') ?? null;
  const bad = (status: number, problems: string[], extra: Record<string, unknown> = {}) => {
    ctx.log.warn({ problems, ...extra, payload: raw?.slice(0, 500) }, 'budget notification ignored: bad payload');
    send(res, status, { ok: false, ignored: true, problems });
  };
  if (raw === null) return bad(413, [`the body is larger than ${MAX_BODY} bytes`]);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return bad(400, ['the body is not JSON (expected a Pub/Sub push message)']);
  }
  const push = envelope.safeParse(body);
  if (!push.success)
    return bad(
      400,
      push.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`),
    );
  const { message, subscription } = push.data;
  const where = { messageId: message.messageId ?? message.message_id, subscription };
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(message.data, 'base64').toString('utf8'));
  } catch {
    return bad(200, ['message.data is not base64-encoded JSON'], where);
  }
  const parsed = notification.safeParse(data);
  const budgetId = message.attributes?.budgetId;
  if (!parsed.success || !budgetId) {
    const problems = parsed.success ? [] : parsed.error.issues.map((i) => `data.${i.path.join('.')}: ${i.message}`);
    if (!budgetId) problems.push('message.attributes.budgetId: missing');
    return bad(200, problems, where);
  }
  try {
    const outcome = await handleBudgetNotification(ctx, { ...parsed.data, budgetId });
    ctx.log.info(
      {
        ...where,
        budget: parsed.data.budgetDisplayName,
        posted: outcome.posted.map((a) => `${a.kind} ${a.threshold}`),
        skipped: outcome.skipped,
      },
      'budget notification handled',
    );
    send(res, 200, { ok: true, posted: outcome.posted.length, skipped: outcome.skipped });
  } catch (error) {
    ctx.log.error({ err: error, ...where }, 'budget notification could not be posted; Pub/Sub will redeliver it');
    send(res, isPortError(error) && error.code === 'rate_limited' ? 429 : 503, {
      ok: false,
      error: isPortError(error) ? error.message : 'internal error',
    });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}
