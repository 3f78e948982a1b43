import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { isPortError } from '../domain/errors.js';
import type { WorkflowContext } from '../workflows/context.js';
import { handleBudgetNotification, type RaiseBudgetAlert } from '../workflows/cost/budget-alerts.js';
import { readLimitedBody } from './read-body.js';
import type { JobHandler } from './routes.js';
import { sendJson } from './send-json.js';

/**
 * POST /hooks/budget: GCP Budget notifications, as Pub/Sub push delivers them. The cost feature registers it and
 * passes `raise`, which puts a crossed threshold on the alert card.
 */

const MAX_BODY = 64 * 1024;

export function budgetHookRoute(ctx: WorkflowContext, raise: RaiseBudgetAlert): JobHandler {
  return (req, res) => budget(ctx, raise, req, res);
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
async function budget(
  ctx: WorkflowContext,
  raise: RaiseBudgetAlert,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = (await readLimitedBody(req, MAX_BODY))?.toString('utf8') ?? null;
  const bad = (status: number, problems: string[], extra: Record<string, unknown> = {}) => {
    ctx.log.warn({ problems, ...extra, payload: raw?.slice(0, 500) }, 'budget notification ignored: bad payload');
    sendJson(res, status, { ok: false, ignored: true, problems });
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
  const { budgetId, billingAccountId } = message.attributes ?? {};
  if (!parsed.success || !budgetId) {
    const problems = parsed.success ? [] : parsed.error.issues.map((i) => `data.${i.path.join('.')}: ${i.message}`);
    if (!budgetId) problems.push('message.attributes.budgetId: missing');
    return bad(200, problems, where);
  }
  try {
    const account = billingAccountId ? { billingAccountId } : {};
    const outcome = await handleBudgetNotification(ctx, { ...parsed.data, budgetId, ...account }, raise);
    ctx.log.info(
      {
        ...where,
        budget: parsed.data.budgetDisplayName,
        posted: outcome.posted.map((a) => `${a.kind} ${a.threshold}`),
        skipped: outcome.skipped,
      },
      'budget notification handled',
    );
    sendJson(res, 200, { ok: true, posted: outcome.posted.length, skipped: outcome.skipped });
  } catch (error) {
    ctx.log.error({ err: error, ...where }, 'budget notification could not be posted; Pub/Sub will redeliver it');
    sendJson(res, isPortError(error) && error.code === 'rate_limited' ? 429 : 503, {
      ok: false,
      error: isPortError(error) ? error.message : 'internal error',
    });
  }
}
