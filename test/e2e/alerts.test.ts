import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALERTS } from '../../src/domain/alert.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { testConfig } from '../support/deploy-helpers.js';
import { alertCards, buttonsOf, cardText, json, notification, send, TOKEN } from '../alerts/helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { ALERT_WEBHOOK_TOKEN: TOKEN }, configPath: testConfig() });
});
afterAll(async () => h?.stop());

describe('POST /hooks/alerts: one card per alert', () => {
  it('an open posts the card in the service channel; a repeat updates it; the close says how long it fired', async () => {
    const start = Math.floor(Date.now() / 1000) - 120;
    const opened = await send(h, notification('0.open1', 'open', { startedAt: start }));
    expect(opened.status).toBe(200);
    expect(await opened.json()).toMatchObject({ ok: true, first: true, route: 'card', state: 'open' });
    const [card] = alertCards(h, 'deploys');
    expect(card).toBeDefined();
    const text = cardText(h, card!);
    expect(text).toContain('Error · api: 5xx ratio above 2 %');
    expect(text).toContain(':rotating_light: *Firing* since');
    expect(text).toContain('*Condition*\nCloud Run Revision - 5xx ratio above 2 %');
    expect(text).toContain('*Observed / threshold*\n0.087 against 0.02');
    expect(text).toContain('*Resource*\n`api` prod');
    expect(text).toContain(
      '<https://console.cloud.google.com/monitoring/alerting/alerts/0.open1?project=demo-project|Open in Cloud Monitoring>',
    );
    expect(text).toContain('*Last deploys* of `api` prod');
    expect(buttonsOf(card).map((b) => b.text?.text)).toEqual(['Declare incident (P2)', 'Acknowledge', 'Silence 1h']);

    const again = await send(h, notification('0.open1', 'open', { startedAt: start, observed_value: '0.12' }));
    expect(await again.json()).toMatchObject({ ok: true, first: false, stale: false });
    expect(alertCards(h, 'deploys')).toHaveLength(1);
    await h.slack.waitFor(() => cardText(h, card!).includes('2 notifications'));
    expect(cardText(h, card!)).toContain('0.12 against 0.02');

    const closed = await send(h, notification('0.open1', 'closed', { startedAt: start, endedAt: start + 23 * 60 }));
    expect(await closed.json()).toMatchObject({ ok: true, state: 'closed', stale: false });
    await h.slack.waitFor(() => cardText(h, card!).includes('Alert resolved after 23 min'));
    expect(alertCards(h, 'deploys')).toHaveLength(1);
    expect(buttonsOf(h.slack.workspace.findMessage(card!.channel, card!.ts))).toEqual([]);
    // a retry of the close changes nothing
    expect(await (await send(h, notification('0.open1', 'closed', { startedAt: start }))).json()).toMatchObject({
      stale: true,
    });
    const audit = await h.bot.store.queryAudit({ target: 'alert:monitoring-0.open1' });
    expect(audit.map((a) => a.action).sort()).toEqual(['alert.closed', 'alert.open']);
  });

  it('a close before its open: one card saying it resolved, and the late open changes nothing', async () => {
    const start = Math.floor(Date.now() / 1000) - 600;
    const before = alertCards(h, 'deploys').length;
    const closed = await send(h, notification('0.late', 'closed', { startedAt: start, endedAt: start + 5 * 60 }));
    expect(await closed.json()).toMatchObject({ first: true, state: 'closed' });
    const card = alertCards(h, 'deploys').at(-1)!;
    expect(alertCards(h, 'deploys')).toHaveLength(before + 1);
    expect(cardText(h, card)).toContain('Alert resolved after 5 min* (its close arrived before its open)');
    const open = await send(h, notification('0.late', 'open', { startedAt: start }));
    expect(await open.json()).toMatchObject({ first: false, stale: true, state: 'closed' });
    expect(alertCards(h, 'deploys')).toHaveLength(before + 1);
    expect((await h.bot.store.get(ALERTS, 'monitoring-0.late'))?.data).toMatchObject({
      state: 'closed',
      deliveries: 2,
    });
  });

  it('an alert no configured service claims goes to the default channel', async () => {
    const answer = await send(h, notification('0.orphan', 'open', { service: 'billing-export' }));
    expect(await answer.json()).toMatchObject({ ok: true, route: 'card' });
    const card = alertCards(h, 'incidents').find((m) => cardText(h, m).includes('0.orphan'))!;
    expect(cardText(h, card)).toContain('no configured service: #incidents by default');
    expect(cardText(h, card)).toContain('No configured service claims this alert, so no deploys to show.');
  });

  it('a `service` user label on the policy routes it too', async () => {
    const body = notification('0.label', 'open', {
      resource: { type: 'uptime_url', labels: { host: 'shop.example.com' } },
      policy_user_labels: { service: 'web' },
    });
    expect(await (await send(h, body)).json()).toMatchObject({ ok: true });
    const card = alertCards(h, 'deploys').find((m) => cardText(h, m).includes('0.label'))!;
    expect(cardText(h, card)).toContain('*Resource*\n`web` prod');
  });
});

describe('POST /hooks/alerts: what it refuses', () => {
  it('malformed bodies get 400 with the reason; nothing is posted', async () => {
    const before = h.slack.workspace.messages.length;
    const notJson = await send(h, '{"incident": ');
    expect(notJson.status).toBe(400);
    expect((await json(notJson)).problems[0]).toContain('not JSON');
    const missing = notification('x', 'open');
    delete (missing.incident as Record<string, unknown>).incident_id;
    const noId = await send(h, missing);
    expect(noId.status).toBe(400);
    expect((await json(noId)).problems).toEqual([
      'incident.incident_id: missing: every notification names its incident',
    ]);
    const badState = await send(h, notification('x', 'open', { state: 'exploded' }));
    expect(badState.status).toBe(400);
    expect((await json(badState)).problems).toEqual(['incident.state: expected "open" or "closed"']);
    for (const body of ['[]', 'null', '"text"', '{}']) expect((await send(h, body)).status, body).toBe(400);
    expect(h.slack.workspace.messages.length).toBe(before);
  });

  it('a wrong or missing token gets 401, and the token is never logged', async () => {
    const wrong = await send(h, notification('0.tok', 'open'), { query: '?auth_token=not-the-token-at-all' });
    expect(wrong.status).toBe(401);
    expect((await json(wrong)).error).toBe('the token does not match ALERT_WEBHOOK_TOKEN');
    expect((await send(h, notification('0.tok', 'open'), { query: '' })).status).toBe(401);
    const basicWrong = `Basic ${Buffer.from('monitoring:nope').toString('base64')}`;
    expect((await send(h, notification('0.tok', 'open'), { headers: { authorization: basicWrong } })).status).toBe(401);
    expect(await h.bot.store.get(ALERTS, 'monitoring-0.tok')).toBeNull();

    const basic = `Basic ${Buffer.from(`monitoring:${TOKEN}`).toString('base64')}`;
    expect((await send(h, notification('0.tok', 'open'), { headers: { authorization: basic } })).status).toBe(200);
    const logged = h.logs.filter((l) => l.includes('/hooks/alerts'));
    expect(logged.length).toBeGreaterThan(0);
    expect(h.logs.join('\n')).not.toMatch(/auth_token=(?!\[redacted\])[A-Za-z0-9]/); // a logged path carries no token
    expect(h.logs.join('\n')).not.toContain(TOKEN);
    expect(h.logs.join('\n')).not.toContain('not-the-token-at-all');
  });

  it('a Pub/Sub push envelope is unwrapped; one whose data holds no alert is acknowledged and logged', async () => {
    const data = Buffer.from(JSON.stringify(notification('0.pubsub', 'open'))).toString('base64');
    const pushed = await send(h, { message: { data, messageId: '1' }, subscription: 'projects/p/subscriptions/s' });
    expect(await pushed.json()).toMatchObject({ ok: true, alert: 'monitoring-0.pubsub' });
    const junk = await send(h, { message: { data: Buffer.from('{"hello":1}').toString('base64') } });
    expect(junk.status).toBe(200);
    expect(await junk.json()).toMatchObject({ ok: false, ignored: true });
  });
});

describe('POST /hooks/alerts when Slack fails', () => {
  it('answers 503 so Cloud Monitoring sends again, and the next delivery posts the one card', async () => {
    // The web client retries a 500 itself: fail more often than it tries.
    h.slack.faults.inject('chat.postMessage', { kind: 'status', status: 500 }, 20);
    const failed = await send(h, notification('0.slack', 'open'));
    h.slack.faults.clear();
    expect(failed.status).toBe(503);
    expect((await json(failed)).error).toBeTruthy();
    expect(alertCards(h, 'deploys').some((m) => cardText(h, m).includes('0.slack'))).toBe(false);
    const retried = await send(h, notification('0.slack', 'open'));
    expect(await json(retried)).toMatchObject({ ok: true, first: false });
    expect(alertCards(h, 'deploys').filter((m) => cardText(h, m).includes('0.slack'))).toHaveLength(1);
  });

  it('words from the alert are escaped: a policy name pings nobody and links nothing', async () => {
    await send(h, notification('0.hostile', 'open', { policy: '<!channel> <https://evil.example|click> *bold*' }));
    const card = alertCards(h, 'deploys').find((m) => cardText(h, m).includes('0.hostile'))!;
    expect(card.text).toContain('&lt;!channel&gt; &lt;https://evil.example|click&gt;');
    // The header is plain_text, where Slack reads no markup; every mrkdwn field gets the escaped words.
    expect(JSON.stringify((card.blocks ?? []).slice(1))).not.toContain('<!channel>');
  });
});

describe('POST /hooks/alerts on two instances', () => {
  it('the same notification delivered to both at once gives one card', async () => {
    const other = await h.startAnotherBot();
    const otherUrl = other.url.replace('/slack/events', '');
    const body = notification('0.twice', 'open');
    const answers = await Promise.all([
      send(h, body),
      send(h, body, { url: otherUrl, query: `?auth_token=${TOKEN}` }),
      send(h, body),
      send(h, body, { url: otherUrl, query: `?auth_token=${TOKEN}` }),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const firsts = (await Promise.all(answers.map(json))).filter((b) => b.first);
    expect(firsts).toHaveLength(1);
    // Each answer comes after its delivery's posting is done: whatever was posted is posted by now.
    const cards = alertCards(h, 'deploys').filter((m) => cardText(h, m).includes('0.twice'));
    expect(cards).toHaveLength(1);
    expect(textOf(h.slack.workspace.findMessage(cards[0]!.channel, cards[0]!.ts))).toContain('4 notifications');
  });
});

describe('/ops demo alert (the sandbox)', () => {
  it("fires a realistic notification at the bot's own endpoint, then its close", async () => {
    const before = alertCards(h, 'deploys').length;
    await h.slack.slashCommand({ text: '/ops demo alert', channel: 'general', user: 'U0JO000003' });
    // The first alert of a process loads the Cloud Run client (what serves api, for the Roll back button).
    const ack = await h.slack.waitFor(
      () =>
        h.slack.workspace.messages.find(
          (m) => m.ephemeral && textOf(m).includes('Fired a demo Cloud Monitoring alert'),
        ),
      20_000,
    );
    const id = /`(demo-[0-9a-f]+)`/.exec(textOf(ack))?.[1];
    expect(textOf(ack)).toContain('Its card is in #deploys');
    expect(alertCards(h, 'deploys')).toHaveLength(before + 1);
    const card = alertCards(h, 'deploys').at(-1)!;
    expect(cardText(h, card)).toContain('Error · api: 5xx ratio above 2 %');
    await h.slack.slashCommand({ text: `/ops demo alert resolve ${id}`, channel: 'general', user: 'U0JO000003' });
    await h.slack.waitFor(() => cardText(h, card).includes('Alert resolved after 2 min'));
  });
});
