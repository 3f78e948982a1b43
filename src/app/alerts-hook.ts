import type { IncomingMessage, ServerResponse } from 'node:http';
import { isPortError } from '../domain/errors.js';
import type { WorkflowContext } from '../workflows/context.js';
import { receiveAlert, type Received } from '../workflows/alerts/receive.js';
import { parseAlertBody } from './alerts-payload.js';
import { readLimitedBody } from './read-body.js';
import type { JobHandler } from './routes.js';
import { sendJson } from './send-json.js';

/**
 * POST /hooks/alerts: Cloud Monitoring webhook notifications (or the same through Pub/Sub push), admitted by the
 * route's token check. The alerts feature registers it and passes `present`, its Slack side, which posts or
 * updates what the workflow decided. A failure there answers 503, so Cloud Monitoring sends the notification again
 * and the record (deduplicated on incident_id) lets the next delivery finish the job.
 */

const MAX_BODY = 256 * 1024;

export function alertsHookRoute(ctx: WorkflowContext, present: (received: Received) => Promise<void>): JobHandler {
  return (req, res) => handle(ctx, present, req, res);
}

async function handle(
  ctx: WorkflowContext,
  present: (received: Received) => Promise<void>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = (await readLimitedBody(req, MAX_BODY))?.toString('utf8') ?? null;
  const refuse = (status: number, problems: string[]) => {
    ctx.log.warn({ problems, payload: raw?.slice(0, 300) }, 'alert notification refused: bad payload');
    sendJson(res, status, { ok: false, problems });
  };
  if (raw === null) return refuse(413, [`the body is larger than ${MAX_BODY / 1024} KiB`]);
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    return refuse(400, ['the body is not JSON (expected a Cloud Monitoring notification, version 1.2)']);
  }
  const parsed = parseAlertBody(body, ctx.clock.now());
  if (!parsed.ok) {
    // Pub/Sub would redeliver a refused message forever, and it never gets better: say so and acknowledge it.
    if (parsed.pubsub) {
      ctx.log.warn({ problems: parsed.problems }, 'alert notification ignored: the Pub/Sub message holds no alert');
      return sendJson(res, 200, { ok: false, ignored: true, problems: parsed.problems });
    }
    return refuse(400, parsed.problems);
  }
  const { signal } = parsed;
  try {
    const received = await receiveAlert(ctx, signal);
    await present(received);
    const { alert } = received;
    ctx.log.info(
      {
        alert: alert.id,
        state: signal.state,
        route: alert.route,
        service: alert.service,
        first: received.first,
        stale: received.stale,
        version: parsed.version,
      },
      'alert notification handled',
    );
    sendJson(res, 200, {
      ok: true,
      alert: alert.id,
      state: alert.state,
      route: alert.route,
      first: received.first,
      stale: received.stale,
      ...(alert.incidentId ? { incident: alert.incidentId } : {}),
    });
  } catch (error) {
    ctx.log.error({ err: error, alert: signal.key }, 'alert notification could not be handled; the sender retries');
    sendJson(res, isPortError(error) && error.code === 'rate_limited' ? 429 : 503, {
      ok: false,
      error: isPortError(error) ? error.message : 'internal error',
    });
  }
}
