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
export function githubWebhook(secret: string | undefined, log: Logger): (req: IncomingMessage, res: ServerResponse) => Promise<boolean> {
  return async (req, res) => {
    if ((req.url ?? '').split('?')[0] !== '/github/webhook') return false;
    if (!secret) return false;
    const body = req.method === 'POST' ? await readLimitedBody(req, MAX_BODY) : undefined;
    if (req.method !== 'POST') res.writeHead(405, { allow: 'POST' }).end();
    else if (body === undefined) res.writeHead(413).end();
    else if (!validSignature(secret, body, req.headers['x-hub-signature-256'])) {
      log.warn({ delivery: req.headers['x-github-delivery'] }, 'GitHub webhook with a bad or missing signature refused');
      res.writeHead(401).end('bad signature');
    }
    if (res.headersSent || body === undefined) return true;
    const event = req.headers['x-github-event'];
    if (event === 'workflow_run') {
      const run = (JSON.parse(body.toString('utf8')) as { action?: string; workflow_run?: { id?: number } }).workflow_run;
      if (typeof run?.id === 'number') log.info({ runId: run.id, woke: wakeRun(run.id) }, 'workflow_run webhook');
    }
    res.writeHead(204).end();
    return true;
  };
}

export function validSignature(secret: string, body: Buffer, header: string | string[] | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(body).digest('hex')}`);
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
