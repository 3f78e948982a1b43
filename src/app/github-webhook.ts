import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../logging/logger.js';
import { wakeRun } from '../workflows/deploy/run-wakeups.js';
import { readLimitedBody } from './read-body.js';

const MAX_BODY = 5 * 1024 * 1024;

/**
 * POST /github/webhook: GitHub's `workflow_run` events, verified with X-Hub-Signature-256 against
 * GITHUB_WEBHOOK_SECRET. A completed run wakes the deploy that follows it. Without a secret the route
 * answers 404: an unverifiable webhook is never trusted.
 */
export function githubWebhook(
  secret: string | undefined,
  log: Logger,
): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/github/webhook') return false;
    if (!secret) return false;
    const body = req.method === 'POST' ? await readLimitedBody(req, MAX_BODY) : undefined;
    if (req.method !== 'POST') res.writeHead(405, { allow: 'POST' }).end();
    else if (body === undefined) res.writeHead(413).end();
    else if (!validSignature(secret, body, req.headers['x-hub-signature-256'])) {
      log.warn(
        { delivery: req.headers['x-github-delivery'] },
        'GitHub webhook with a bad or missing signature refused',
      );
      res.writeHead(401).end('bad signature');
    }
    if (res.headersSent || body === undefined) return true;
    const payload = jsonObject(body, req.headers['content-type']);
    if (!payload) {
      log.warn(
        { delivery: req.headers['x-github-delivery'], event: req.headers['x-github-event'] },
        'signed GitHub webhook refused: the body is not a JSON object',
      );
      res
        .writeHead(400, { 'content-type': 'text/plain; charset=utf-8' })
        .end('bad request: the body is not a JSON object');
      return true;
    }
    if (req.headers['x-github-event'] === 'workflow_run') {
      const run = (payload as { workflow_run?: { id?: unknown } }).workflow_run;
      if (typeof run?.id === 'number') log.info({ runId: run.id, woke: wakeRun(run.id) }, 'workflow_run webhook');
    }
    res.writeHead(204).end();
    return true;
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
