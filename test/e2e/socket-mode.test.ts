/**
 * The bot in Socket Mode (SLACK_APP_TOKEN set) against the Slack stand-in: apps.connections.open with the
 * app-level token, a real WebSocket on the stand-in's port, envelopes in and acks out. The tests read
 * what a user sees, exactly as the HTTP-mode tests do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_TIMELINE, type TimelineEntry } from '../../src/domain/incident.js';
import type { SocketFrame } from '../../sandbox/slack/socket-mode.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { ALEX, SAM, cardSays, click, requestDeploy, testConfig } from '../support/deploy-helpers.js';
import { containing, declare, lastIn } from '../incident/helpers.js';

const SOCKET_ENV = { SLACK_BOT_TOKEN: 'xoxb-socket-test-0001', SLACK_APP_TOKEN: 'xapp-1-A0CHATOPS01-socket-test-0001' };

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: SOCKET_ENV, configPath: testConfig() });
});
afterAll(async () => {
  await h?.stop();
});

const sent = (type: string): SocketFrame[] =>
  h.slack.socket.frames.filter((f) => f.direction === 'to-app' && f.message.type === type);
const ackOf = (envelope: SocketFrame | undefined): SocketFrame | undefined =>
  h.slack.socket.frames.find(
    (f) => f.direction === 'from-app' && f.message.envelope_id === envelope?.message.envelope_id,
  );

async function ready(): Promise<void> {
  await h.slack.waitFor(
    () => h.slack.socket.openConnections === 1 && sent('hello').length === h.slack.socket.accepted,
    25_000,
  );
}

describe('Socket Mode: connecting', () => {
  it('opens the connection with the app-level token, gets hello, and /healthz says socket', async () => {
    const opens = h.slack.calls.filter((c) => c.method === 'apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(h.slack.socket.openConnections).toBe(1);
    expect(sent('hello')).toHaveLength(1);
    const health = (await (await fetch(`${h.botUrl}/healthz`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, mode: 'socket' });
    // No request URL in Socket Mode: the bot serves no /slack/events.
    expect((await fetch(`${h.botUrl}/slack/events`, { method: 'POST', body: '{}' })).status).toBe(404);
  });

  it('apps.connections.open refuses the bot token and a wrong token, as Slack does', async () => {
    const open = (token: string) =>
      fetch(`${h.slack.apiUrl}apps.connections.open`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.json());
    expect(await open(SOCKET_ENV.SLACK_BOT_TOKEN)).toEqual({ ok: false, error: 'not_allowed_token_type' });
    expect(await open('xapp-1-wrong')).toEqual({ ok: false, error: 'invalid_auth' });
    expect(
      await (
        await fetch(`${h.slack.apiUrl}chat.postMessage`, {
          method: 'POST',
          headers: { authorization: `Bearer ${SOCKET_ENV.SLACK_APP_TOKEN}` },
        })
      ).json(),
    ).toEqual({ ok: false, error: 'not_allowed_token_type' });
  });
});

describe('Socket Mode: what a user sees', () => {
  it('/ops help is answered in the ack, visible only to the caller', async () => {
    const result = await h.slack.slashCommand({ text: '/ops help', channel: 'ops', user: ALEX });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(result.elapsedMs).toBeLessThan(3000);
    const reply = h.slack.messagesIn('ops').at(-1); // there the moment the command returns: it came with the ack
    expect(reply).toMatchObject({ ephemeral: true, visibleTo: ALEX });
    expect(textOf(reply)).toContain('/ops status [service]');
    expect(textOf(reply)).toContain('/deploy &lt;service&gt; &lt;env&gt; [ref]'); // escaped as Slack mrkdwn needs; Slack shows <service>
    const envelope = sent('slash_commands').at(-1);
    expect(envelope?.message).toMatchObject({
      accepts_response_payload: true,
      payload: { command: '/ops', text: 'help', user_id: ALEX },
    });
    expect(JSON.stringify(ackOf(envelope)?.message.payload)).toContain('ChatOps commands');
  });

  it('/ops status posts its report', async () => {
    await h.slack.slashCommand({ text: '/ops status api', channel: 'ops' });
    const report = await h.slack.waitFor(
      () => h.slack.messagesIn('ops').find((m) => m.text.startsWith('Service Status: api') && !m.ephemeral),
      10_000,
    );
    expect(textOf(report)).toContain('*Latest ready revision*');
    expect(textOf(report)).toMatch(/90% `api-/);
  });

  it("the deploy plan's Reject button opens a modal; an empty reason is refused in the ack; the card says Rejected", async () => {
    const card = await requestDeploy(h, 'api prod');
    const clicked = await click(h, card, 'deploy.reject', SAM);
    expect(clicked.ok).toBe(true);
    expect(sent('interactive').at(-1)?.message).toMatchObject({
      accepts_response_payload: false,
      payload: { type: 'block_actions', actions: [{ action_id: 'deploy.reject' }] },
    });
    const modal = await h.slack.waitFor(() => h.slack.workspace.views.find((v) => v.userId === SAM));
    const empty = await h.slack.submitView({
      viewId: modal.id,
      values: { reason: { reason: { type: 'plain_text_input', value: '' } } },
      user: SAM,
    });
    expect(empty.errors).toEqual({ reason: 'Say why, so the requester knows what to fix.' });
    await h.slack.submitView({
      viewId: modal.id,
      values: { reason: { reason: { type: 'plain_text_input', value: 'Migration not reviewed' } } },
      user: SAM,
    });
    expect(await cardSays(h, card, /Rejected/)).toContain('*Rejected* by <@U0SAM00002>: Migration not reviewed');
  });

  it('an event: 📌 on a message in an incident channel puts it on the timeline', async () => {
    const { channel } = await declare(h, 'P2 api "Checkout returns 500"');
    const said = h.slack.userMessage({ channel: channel.id, text: 'Error rate drops after the revert', user: SAM })!;
    await h.slack.addReaction({ channel: channel.id, ts: said.ts, name: 'pushpin', user: ALEX });
    await h.slack.waitFor(() => lastIn(h, channel.id, containing('Added to the INC-1 timeline')), 10_000);
    const entries = (await h.bot.store.list<TimelineEntry>(INCIDENT_TIMELINE, { where: { incidentId: 'INC-1' } })).map(
      (r) => r.data,
    );
    expect(entries.find((e) => e.kind === 'pinned')).toMatchObject({
      actor: SAM,
      text: 'Error rate drops after the revert',
    });
    const envelope = sent('events_api').at(-1);
    expect(envelope?.message).toMatchObject({
      accepts_response_payload: false,
      retry_attempt: 0,
      payload: { type: 'event_callback', event: { type: 'reaction_added', reaction: 'pushpin' } },
    });
    expect(ackOf(envelope)).toBeDefined();
  });

  it('an event: opening App Home publishes the Home tab', async () => {
    const answer = await h.slack.openHome(SAM);
    expect(answer.status).toBe(200);
    const view = await h.slack.waitFor(() => h.slack.workspace.homeViews.get(SAM));
    expect(view.type).toBe('home');
  });
});

describe('Socket Mode: staying connected', () => {
  it('on disconnect (refresh_requested) the bot fetches a new URL, reconnects and keeps serving', async () => {
    const accepted = h.slack.socket.accepted;
    const opens = h.slack.calls.filter((c) => c.method === 'apps.connections.open').length;
    h.slack.socket.disconnect('refresh_requested');
    await h.slack.waitFor(() => h.slack.socket.closed.some((c) => c.connection === accepted && c.code === 1000), 5000); // the bot closed the old one
    await ready();
    expect(h.slack.socket.accepted).toBe(accepted + 1);
    expect(h.slack.calls.filter((c) => c.method === 'apps.connections.open')).toHaveLength(opens + 1); // a new ticket: URLs are single-use
    const result = await h.slack.slashCommand({ text: '/ops help', channel: 'ops', user: ALEX });
    expect(result.ok).toBe(true);
    expect(textOf(h.slack.messagesIn('ops').at(-1))).toContain('ChatOps commands');
  }, 30_000);

  it('a cut connection while Slack answers apps.connections.open with 503 for a while: the bot keeps trying and comes back', async () => {
    const accepted = h.slack.socket.accepted;
    h.slack.faults.inject(
      'apps.connections.open',
      { kind: 'status', status: 503, body: { ok: false, error: 'service_unavailable' } },
      3,
    );
    h.slack.socket.drop();
    await h.slack.waitFor(() => h.slack.socket.closed.some((c) => c.connection === accepted && c.code === 1006));
    await ready();
    expect(h.slack.socket.accepted).toBe(accepted + 1);
    expect(h.slack.faults.take('apps.connections.open')).toBeUndefined(); // all three failures were met
    const result = await h.slack.slashCommand({ text: '/ops help', channel: 'ops', user: ALEX });
    expect(result.ok).toBe(true); // (a reconnect that gave up would also surface as an unhandled rejection, failing the run)
  }, 40_000);

  it("keeps a quiet connection: the stand-in answers the client's pings", async () => {
    // The client pings every 5/3 s and drops a connection after 4 pings without a pong.
    const [accepted, pings] = [h.slack.socket.accepted, h.slack.socket.pings];
    await h.slack.waitFor(() => h.slack.socket.pings >= pings + 5, 15_000);
    expect(h.slack.socket.accepted).toBe(accepted);
    expect(h.slack.socket.openConnections).toBe(1);
    expect(h.logs.join('\n')).not.toContain("A pong wasn't received");
  }, 20_000);

  it('a second instance connects beside the first; its graceful stop closes its socket normally', async () => {
    const other = await h.startAnotherBot();
    await h.slack.waitFor(() => h.slack.socket.openConnections === 2);
    const id = h.slack.socket.accepted;
    await other.close(2000);
    expect(h.slack.socket.closed).toContainEqual({ connection: id, code: 1000 });
    expect(h.slack.socket.openConnections).toBe(1);
    const result = await h.slack.slashCommand({ text: '/ops help', channel: 'ops', user: ALEX });
    expect(result.ok).toBe(true); // the first instance still serves
    expect(h.logs.join('\n')).not.toContain(SOCKET_ENV.SLACK_APP_TOKEN);
  });
});
