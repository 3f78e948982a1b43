import { parse as parseForm } from 'node:querystring';
import { z } from 'zod';

/**
 * What a signed Slack body is, read as Bolt reads it (same parsing, same classification as its
 * getTypeAndConversation), and checked for the fields Bolt and our router touch before any handler runs.
 * Bolt assumes them: `payload=null` made it throw outside any catch (no answer at all), a click without
 * `user` made it answer 500. Only what Slack always sends is required; the handlers check the rest.
 */
export type SlackBody =
  | { kind: 'bolt-only' } // ssl_check and url_verification: Bolt answers them itself
  | { kind: 'payload'; body: Record<string, unknown> }
  | { kind: 'unknown'; type: string }
  | { kind: 'bad'; problem: string };

const FORM = 'application/x-www-form-urlencoded'; // Bolt compares the header to exactly this

const text = z.string();
const optionalText = z.string().optional(); // a field given twice in a form arrives as an array
const record = z.record(z.string(), z.unknown());
const user = z.object({ id: z.string().min(1) });
const withUser = {
  user,
  channel: record.optional(),
  team: record.nullable().optional(),
  enterprise: record.nullable().optional(),
};

const command = z.object({
  command: z.string().startsWith('/'),
  user_id: z.string().min(1),
  text,
  team_id: optionalText,
  channel_id: optionalText,
  trigger_id: optionalText,
  response_url: optionalText,
});
const event = z.object({
  type: text,
  team_id: optionalText,
  authorizations: z.array(record).optional(),
  event: z.object({
    type: text,
    user: z.union([text, record]).optional(),
    channel: z.union([text, record]).optional(),
    item: record.optional(),
    subteam: record.optional(),
  }),
});
const options = z.object({ ...withUser, type: optionalText });
const actions = z.object({ ...withUser, type: text, actions: z.array(record).min(1) });
const dialog = z.object({ ...withUser, type: text });
const shortcut = z.object({ ...withUser, type: text, callback_id: text });
const view = z.object({
  ...withUser,
  type: text,
  view: z.object({ callback_id: optionalText, app_installed_team_id: optionalText }),
});

export function readSlackBody(raw: Buffer, contentType: string | undefined): SlackBody {
  let body: unknown;
  const what = contentType === FORM ? 'the payload' : 'the body';
  try {
    if (contentType === FORM) {
      const form = parseForm(raw.toString());
      if (form.ssl_check === '1') return { kind: 'bolt-only' };
      body = typeof form.payload === 'string' ? JSON.parse(form.payload) : form;
      if (typeof form.payload !== 'string')
        return check(command, body, 'command', 'a form without a payload is a slash command');
    } else {
      body = JSON.parse(raw.toString());
    }
  } catch {
    return { kind: 'bad', problem: `${what} is not JSON` };
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return {
      kind: 'bad',
      problem: `${what} is not an object (JSON ${Array.isArray(body) ? 'array' : body === null ? 'null' : typeof body})`,
    };
  return classify(body as Record<string, unknown>);
}

/** In Bolt's order: the first of these fields that is present decides what the body is. */
function classify(body: Record<string, unknown>): SlackBody {
  const type = body.type;
  if (type === 'url_verification') return { kind: 'bolt-only' };
  if (body.event !== undefined) return check(event, body, 'event_callback');
  if (body.command !== undefined) return check(command, body, 'command');
  if (body.name !== undefined || type === 'block_suggestion') return check(options, body, 'options request');
  if (body.actions !== undefined || type === 'block_actions' || type === 'interactive_message')
    return check(actions, body, String(type ?? 'actions payload'));
  if (type === 'dialog_submission') return check(dialog, body, type);
  if (type === 'shortcut' || type === 'message_action') return check(shortcut, body, type);
  if (type === 'view_submission' || type === 'view_closed') return check(view, body, type);
  if (typeof type !== 'string')
    return {
      kind: 'bad',
      problem: type === undefined ? 'the payload has no type' : `type: expected a string, got ${typeof type}`,
    };
  return { kind: 'unknown', type };
}

function check(schema: z.ZodType, body: unknown, name: string, hint?: string): SlackBody {
  const result = schema.safeParse(body);
  if (result.success) return { kind: 'payload', body: body as Record<string, unknown> };
  const problems = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
  return { kind: 'bad', problem: `${name}: ${problems.join('; ')}${hint ? ` (${hint})` : ''}` };
}
