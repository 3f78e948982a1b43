/**
 * Issue 11, finding 3: validly signed junk. Slack never sends these; whoever holds the signing secret (or a
 * broken proxy) might. Each gets an immediate 400 and exactly one log line, a warning that says what was
 * wrong, with no stack trace; nothing runs. The same for a validly signed GitHub webhook that is not JSON.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';
const WEBHOOK_SECRET = 'webhook-secret-for-tests-0123';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET } });
});
afterAll(async () => h?.stop());

const settle = (ms = 200): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const payload = (value: unknown): string =>
  new URLSearchParams({ payload: typeof value === 'string' ? value : JSON.stringify(value) }).toString();
const user = { id: 'U0ALEX0001', team_id: 'T0SANDBOX1' };
const team = { id: 'T0SANDBOX1' };
const click = {
  type: 'block_actions',
  user,
  team,
  trigger_id: 't.1',
  actions: [{ action_id: 'deploy.approve', block_id: 'b', type: 'button', value: 'd-1' }],
};
const command = {
  token: 'x',
  team_id: 'T0SANDBOX1',
  channel_id: 'C0000OPS01',
  user_id: 'U0ALEX0001',
  command: '/ops',
  text: 'status',
  trigger_id: 't.2',
};
const { user: _u, ...clickWithoutUser } = click;
const { command: _c, ...commandWithoutCommand } = command;
const { user_id: _i, ...commandWithoutUser } = command;

/** [label, body, content type, what the warning must say] */
const JUNK: [string, string, string, RegExp][] = [
  ['payload=null', payload('null'), FORM, /payload.*not an object/],
  ['a payload that is a JSON number', payload('42'), FORM, /not an object/],
  ['a payload that is a JSON array', payload('[{"type":"block_actions"}]'), FORM, /not an object/],
  ['a payload that is a JSON string', payload('"block_actions"'), FORM, /not an object/],
  ['a payload that is not JSON', payload('{type: block_actions'), FORM, /not JSON/],
  ['a payload without type', payload({ user, team, trigger_id: 't' }), FORM, /type/],
  ['a payload whose type is a number', payload({ type: 7, user }), FORM, /type/],
  ['a block_actions payload without user', payload(clickWithoutUser), FORM, /user/],
  ['a block_actions payload whose user is a string', payload({ ...click, user: 'U0ALEX0001' }), FORM, /user/],
  ['a block_actions payload without actions', payload({ ...click, actions: undefined }), FORM, /actions/],
  ['a block_actions payload with an empty actions list', payload({ ...click, actions: [] }), FORM, /actions/],
  ['a block_actions payload whose action is null', payload({ ...click, actions: [null] }), FORM, /actions/],
  ['a block_actions payload whose channel is null', payload({ ...click, channel: null }), FORM, /channel/],
  ['a view_submission without view', payload({ type: 'view_submission', user, team, trigger_id: 't' }), FORM, /view/],
  [
    'a view_submission whose view is a string',
    payload({ type: 'view_submission', user, team, view: 'V1' }),
    FORM,
    /view/,
  ],
  [
    'a view_submission without user',
    payload({ type: 'view_submission', team, view: { id: 'V1', callback_id: 'x', state: { values: {} } } }),
    FORM,
    /user/,
  ],
  ['a shortcut without user', payload({ type: 'shortcut', callback_id: 'x', team, trigger_id: 't' }), FORM, /user/],
  ['a command without command', new URLSearchParams(commandWithoutCommand).toString(), FORM, /command/],
  ['a command without user_id', new URLSearchParams(commandWithoutUser).toString(), FORM, /user_id/],
  ['a command given twice', `${new URLSearchParams(command).toString()}&command=%2Fdeploy`, FORM, /command/],
  [
    'an event_callback whose event is null',
    JSON.stringify({ type: 'event_callback', team_id: 'T0SANDBOX1', event_id: 'Ev1', event: null }),
    JSON_TYPE,
    /event/,
  ],
  [
    'an event_callback whose event has no type',
    JSON.stringify({ type: 'event_callback', team_id: 'T0SANDBOX1', event_id: 'Ev2', event: { user: 'U0ALEX0001' } }),
    JSON_TYPE,
    /event\.type/,
  ],
  [
    'an event whose item is a string',
    JSON.stringify({
      type: 'event_callback',
      team_id: 'T0SANDBOX1',
      event_id: 'Ev3',
      event: { type: 'reaction_added', item: 'x' },
    }),
    JSON_TYPE,
    /item/,
  ],
  ['a JSON body that is null', 'null', JSON_TYPE, /not an object/],
  ['a JSON body that is not JSON', '{"type":', JSON_TYPE, /not JSON/],
];

function effects() {
  return {
    slackApi: h.slack.calls.length,
    cloudRun: h.cloudRun.requests.length,
    github: h.github.requests.length,
    messages: h.slack.workspace.messages.length,
  };
}

/** The lines at warning level or above, written from `from` on. */
const loud = (from: number): string[] => h.logs.slice(from).filter((l) => !/"level":"(trace|debug|info)"/.test(l));

describe('validly signed junk to /slack/events', () => {
  it.each(JUNK)(
    '%s: 400 at once, one warning that says what is wrong, nothing runs',
    async (_label, body, contentType, reason) => {
      await settle(50);
      const before = effects();
      const logsBefore = h.logs.length;
      const answer = await h.slack.sendRaw(body, contentType);
      await settle();
      expect(answer.status).toBe(400);
      const lines = loud(logsBefore);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain('"level":"warn"');
      expect(lines[0]).toMatch(reason);
      expect(lines[0]).not.toMatch(/"stack"|\\n\s+at /);
      expect(effects()).toEqual(before);
    },
  );

  it('acks a payload type this bot does not handle (Slack adds new ones) at once, with no warning', async () => {
    const logsBefore = h.logs.length;
    const answer = await h.slack.sendRaw(
      JSON.stringify({
        type: 'app_rate_limited',
        team_id: 'T0SANDBOX1',
        minute_rate_limited: 1518467820,
        api_app_id: 'A0CHATOPS01',
      }),
      JSON_TYPE,
    );
    expect(answer.status).toBe(200);
    expect(loud(logsBefore)).toEqual([]);
  });

  it('still runs a well-formed command after all that', async () => {
    const answer = await h.slack.slashCommand({ text: '/ops help', channel: 'ops' });
    expect(answer.ok).toBe(true);
  });
});

describe('a validly signed GitHub webhook that is not JSON', () => {
  const post = (body: string) =>
    fetch(`${h.botUrl}/github/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        'x-hub-signature-256': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(body).digest('hex')}`,
      },
      body,
    });

  it.each([
    ['not JSON', '{"action": "completed", "workflow_run": {'],
    ['JSON null', 'null'],
    ['a JSON string', '"workflow_run"'],
  ])('%s: 400, one warning, no stack trace', async (_label, body) => {
    const logsBefore = h.logs.length;
    const response = await post(body);
    await settle();
    expect(response.status).toBe(400);
    const lines = loud(logsBefore);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"level":"warn"');
    expect(lines[0]).toMatch(/not a JSON object/);
    expect(lines[0]).not.toMatch(/"stack"|\\n\s+at /);
  });
});
