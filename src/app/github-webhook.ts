import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../logging/logger.js';
import type { EventBus } from '../workflows/events.js';
import { readLimitedBody } from './read-body.js';
import type { PostHandler } from './routes.js';

const MAX_BODY = 5 * 1024 * 1024;

/**
 * POST /github/webhook: GitHub's `workflow_run` events, verified with X-Hub-Signature-256 against
 * GITHUB_WEBHOOK_SECRET. A run's event goes on the event bus, where the deploy that follows the run wakes. The
 * composition root registers it only with a secret (404 otherwise): an unverifiable webhook is never trusted.
 */
export function githubWebhook(secret: string, log: Logger, events: EventBus): PostHandler {
  return async (req, res) => {
    const body = await readLimitedBody(req, MAX_BODY);
    if (body === undefined) return void res.writeHead(413).end();
    if (!validSignature(secret, body, req.headers['x-hub-signature-256'])) {
      log.warn(
        { delivery: req.headers['x-github-delivery'] },
        'GitHub webhook with a bad or missing signature refused',
      );
      return void res.writeHead(401).end('bad signature');
    }
    const payload = jsonObject(body, req.headers['content-type']);
    if (!payload) {
      log.warn(
        { delivery: req.headers['x-github-delivery'], event: req.headers['x-github-event'] },
        'signed GitHub webhook refused: the body is not a JSON object',
      );
      res
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        .end('bad request: the body is not a JSON object');
      return;
    }
    if (req.headers['x-github-event'] === 'workflow_run') {
      const run = (payload as { workflow_run?: { id?: unknown } }).workflow_run;
      if (typeof run?.id === 'number') {
        log.info({ runId: run.id }, 'workflow_run webhook');
        events.emit('workflow-run.updated', { runId: run.id });
      }
    }
    res.writeHead(204).end();
  };
}

/** The payload, sent as JSON or (GitHub's other content type) as the `payload` field of a form; undefined when it is not a JSON object. */
function jsonObject(body: Buffer, contentType: string | undefined): Record<string, unknown> | undefined {
  try {
    const text = contentType?.startsWith('application/x-www-form-urlencoded')
      ? new URLSearchParams(body.toString('utf8')).get('payload')
      : body.toString('utf8');
    const value: unknown = text === null ? undefined : JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

export function validSignature(secret: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
