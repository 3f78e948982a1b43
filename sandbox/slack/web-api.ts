import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault, type Faults } from '../faults.js';
import { readParams, sendJson } from '../http.js';
import { CHAT_METHODS } from './api-chat.js';
import { CONVERSATION_METHODS } from './api-conversations.js';
import { type ApiContext, type Method, SlackApiError } from './api-support.js';
import { USER_AND_FILE_METHODS, VIEW_METHODS } from './api-views.js';
import { BOT_ID, BOT_USER_ID, TEAM_ID } from './workspace.js';
import type { Workspace } from './workspace.js';

export { SlackApiError };

export const METHODS: Record<string, Method> = {
  'api.test': () => ({}),
  'auth.test': () => ({
    url: 'https://sandbox.slack.local/',
    team: 'Sandbox',
    user: 'chatops',
    team_id: TEAM_ID,
    user_id: BOT_USER_ID,
    bot_id: BOT_ID,
  }),
  'team.info': (ws) => ({ team: { id: TEAM_ID, name: ws.name, domain: 'sandbox' } }),
  ...CHAT_METHODS,
  ...CONVERSATION_METHODS,
  ...VIEW_METHODS,
  ...USER_AND_FILE_METHODS,
};

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
}

/** What the Web API needs of the stand-in around it. */
export interface WebApiHost {
  workspace: Workspace;
  faults: Faults;
  /** Every call, for tests to read. */
  calls: ApiCall[];
  tokens: { bot: string; app: string };
  context: ApiContext;
  /** apps.connections.open: a WebSocket URL for a Socket Mode app. */
  openSocket(): string;
}

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);

/** One Web API call (`POST /api/<method>`), form or JSON, answered as Slack answers: HTTP 200 with ok true or false. */
export async function serveWebApi(
  host: WebApiHost,
  method: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const fault = host.faults.take(method);
  if (fault && fault.kind !== 'slow') return applyFault(res, fault, true);
  const params = await readParams(req);
  for (const key of Object.keys(params)) {
    const value = params[key];
    if (JSON_FIELDS.has(key) && typeof value === 'string' && /^[[{]/.test(value)) params[key] = JSON.parse(value);
  }
  host.calls.push({ method, params });
  const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (params.token as string | undefined);
  const tokenType = token === host.tokens.app ? 'app' : token === host.tokens.bot ? 'bot' : undefined;
  if (!tokenType) return sendJson(res, 200, { ok: false, error: token ? 'invalid_auth' : 'not_authed' });
  // apps.connections.open takes only the app-level token; every other method only the bot token.
  if ((method === 'apps.connections.open') !== (tokenType === 'app'))
    return sendJson(res, 200, { ok: false, error: 'not_allowed_token_type' });
  if (method === 'apps.connections.open') return sendJson(res, 200, { ok: true, url: host.openSocket() });
  const handler = METHODS[method];
  if (!handler) return sendJson(res, 200, { ok: false, error: 'unknown_method' });
  try {
    const result = handler(host.workspace, params, host.context);
    if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
    sendJson(res, 200, { ok: true, ...result });
  } catch (error) {
    if (error instanceof SlackApiError) return sendJson(res, 200, { ok: false, error: error.error });
    throw error;
  }
}
