import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { packageRoot } from '../../src/package-root.js';
import { readBody, sendJson } from '../http.js';
import { refusePageRequest } from './page-guard.js';
import type { SlackStandin } from './standin.js';

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
};
/** Only plain file names, so a path can never climb out of the page folder. */
const PAGE_FILE = /^[a-z][a-z-]*\.(html|css|js)$/;

/** Static files, not compiled: the same folder serves `npm start` (dist/) and the tests (src/). */
const PAGE_DIR = join(packageRoot(), 'sandbox', 'page');

/** The sandbox page and its JSON API. Returns false when the path is not the page's. */
export async function servePage(
  standin: SlackStandin,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  if (path !== '/' && !path.startsWith('/page/') && !path.startsWith('/sandbox/')) return false;
  const refusal = refusePageRequest(req, standin.pageHosts);
  if (refusal) {
    req.resume();
    sendJson(res, refusal.status, { ok: false, error: refusal.error });
    return true;
  }
  if (req.method === 'GET' && (path === '/' || path.startsWith('/page/'))) {
    const file = path === '/' ? 'index.html' : path.slice(6);
    if (!PAGE_FILE.test(file)) return false;
    const body = await readFile(join(PAGE_DIR, file)).catch(() => undefined);
    if (!body) return false;
    res
      .writeHead(200, {
        'content-type': CONTENT_TYPES[file.split('.').pop() ?? ''] ?? 'text/plain',
        'cache-control': 'no-store',
      })
      .end(body);
    return true;
  }
  if (req.method === 'GET' && path.startsWith('/sandbox/files/')) {
    const file = standin.workspace.files.get(path.slice('/sandbox/files/'.length));
    if (!file) return false;
    res.writeHead(200, { 'content-type': file.ref.mimetype }).end(file.bytes);
    return true;
  }
  if (req.method === 'GET' && path === '/sandbox/api/state') {
    sendJson(res, 200, pageState(standin));
    return true;
  }
  if (req.method !== 'POST' || !path.startsWith('/sandbox/api/')) return false;
  const p = parseJson(await readBody(req));
  if (!p) return reply(res, { ok: false, error: 'expected a JSON object' }, 400);
  const ws = standin.workspace;
  const user = ws.currentUserId;
  switch (path.slice('/sandbox/api/'.length)) {
    case 'user':
      if (!ws.findUser(String(p.userId))) return reply(res, { ok: false, error: 'user_not_found' });
      ws.currentUserId = String(p.userId);
      ws.touch();
      return reply(res, { ok: true });
    case 'command': {
      const result = await standin.slashCommand({ text: String(p.text ?? ''), channel: String(p.channel ?? ''), user });
      return reply(res, { ok: result.ok, error: result.error });
    }
    case 'message':
      standin.userMessage({
        channel: String(p.channel),
        text: String(p.text ?? ''),
        user,
        threadTs: p.threadTs as string | undefined,
      });
      return reply(res, { ok: true });
    case 'action': {
      const result = await standin.clickAction({ ...(p as object), user } as Parameters<
        SlackStandin['clickAction']
      >[0]);
      return reply(res, { ok: result.ok, error: result.error });
    }
    case 'view-submission': {
      const result = await standin.submitView({
        viewId: String(p.viewId),
        values: (p.values ?? {}) as Record<string, unknown>,
        user,
      });
      return reply(res, { ok: result.ok, error: result.error, errors: result.errors });
    }
    case 'view-close':
      standin.closeView(String(p.viewId));
      return reply(res, { ok: true });
    case 'home': {
      // Opening the Home tab: Slack sends app_home_opened; the bot answers with views.publish, which the page polls for.
      const answer = await standin.openHome(user);
      return reply(
        res,
        answer.status === 200 ? { ok: true } : { ok: false, error: `the bot answered HTTP ${answer.status}` },
      );
    }
    case 'reaction':
      await standin.addReaction({ channel: String(p.channel), ts: String(p.ts), name: String(p.name), user });
      return reply(res, { ok: true });
    default:
      return false;
  }
}

function reply(res: ServerResponse, body: unknown, status = 200): true {
  sendJson(res, status, body);
  return true;
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text || '{}');
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

function pageState(standin: SlackStandin): unknown {
  const ws = standin.workspace;
  return {
    version: ws.version,
    workspace: { name: ws.name },
    botUserId: 'U0CHATOPSBOT',
    users: ws.users.map((u) => ({ id: u.id, name: u.name, isBot: !!u.isBot })),
    userGroups: ws.userGroups.map((g) => ({ id: g.id, handle: g.handle })),
    currentUserId: ws.currentUserId,
    channels: ws.channels
      .filter((c) => !c.isArchived)
      .map((c) => ({ id: c.id, name: c.name, topic: c.topic, purpose: c.purpose })),
    messages: ws.messages,
    views: ws.views.filter((v) => v.userId === ws.currentUserId),
    home: ws.homeViews.get(ws.currentUserId) ?? null,
    commands: standin.commands,
  };
}
