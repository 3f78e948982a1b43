import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_TIMELINE, INCIDENTS, type TimelineEntry } from '../../src/domain/incident.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { cardSays, click, deploymentOf, requestDeploy, testConfig, thread } from '../support/deploy-helpers.js';
import {
  ALEX,
  cardIn,
  containing,
  declare,
  incidentChannels,
  input,
  JO,
  lastIn,
  multi,
  openView,
  radio,
  SAM,
  userPick,
} from '../incident/helpers.js';
import { alertCards, buttonsOf, cardText, json, notification, send, TOKEN } from '../alerts/helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { ALERT_WEBHOOK_TOKEN: TOKEN }, configPath: testConfig() });
});
afterAll(async () => h?.stop());

const timeline = async (incidentId: string) =>
  (await h.bot.store.list<TimelineEntry>(INCIDENT_TIMELINE, { where: { incidentId } })).map((r) => r.data);
const cardOf = (id: string) => alertCards(h, 'deploys').find((m) => cardText(h, m).includes(id))!;
const now = () => Math.floor(Date.now() / 1000);

describe('the alert card and its service deploys', () => {
  it('lists when each deploy moved traffic before the alert, and its Roll back goes through the shared rollback path', async () => {
    const plan = await requestDeploy(h, 'api prod');
    await click(h, plan, 'deploy.approve', SAM);
    await cardSays(h, plan, /:white_check_mark: \*Deployed\*/, 20_000);
    await h.slack.waitFor(() => thread(h, plan).includes('Deploy succeeded'));
    const d = await deploymentOf(h, plan);

    await send(h, notification('0.rb', 'open', { startedAt: now() + 120 }));
    const card = cardOf('0.rb');
    const text = cardText(h, card);
    expect(text).toContain(
      `\`${d.revision}\` reached 10 % 2 min before, 50 % 2 min before, 100 % 2 min before this alert`,
    );
    const rollback = buttonsOf(card).find((b) => b.action_id === 'rollback.start')!;
    expect(JSON.parse(rollback.value!)).toEqual({
      service: 'api',
      environment: 'prod',
      deploymentId: d.id,
      from: d.revision,
      to: d.rollbackTarget,
      via: 'alert-card',
    });
    expect(rollback.confirm).toMatchObject({
      title: { text: 'Roll back api prod?' },
      text: {
        text: `This moves 100% of api prod traffic from \`${d.revision}\` to \`${d.rollbackTarget}\`, the revision this deploy replaced.`,
      },
    });

    await h.slack.clickAction({
      channel: card.channel,
      messageTs: card.ts,
      actionId: 'rollback.start',
      blockId: `alert.deploy.${d.id}`,
      user: SAM,
    });
    await h.slack.waitFor(
      () =>
        h.cloudRun
          .getTraffic('api')
          .filter((t) => t.percent > 0)
          .map((t) => t.revision)
          .join() === d.rollbackTarget,
      10_000,
    );
    await expect
      .poll(async () => (await deploymentOf(h, plan)).stoppedServing)
      .toMatchObject({ by: SAM, how: 'alert-card' });
    await h.slack.waitFor(() => cardText(h, card).includes(`rolled back from the alert card by <@${SAM}>`));
    // The same click on the card as it was is refused: the deploy no longer serves.
    const from = h.slack.workspace.messages.length;
    await h.slack.clickAction({
      channel: card.channel,
      messageTs: card.ts,
      actionId: 'rollback.start',
      value: rollback.value,
      user: JO,
    });
    const refusal = await h.slack.waitFor(() =>
      h.slack.workspace.messages
        .slice(from)
        .find((m) => m.ephemeral && m.visibleTo === JO && textOf(m).includes('out of date')),
    );
    expect(textOf(refusal)).toContain(`Serving now: 100% \`${d.rollbackTarget}\``);
  });
});

describe('other sources', () => {
  it('a prod deploy that rolls back automatically posts the same alert card', async () => {
    const plan = await requestDeploy(h, 'api prod demo-failing-canary');
    await click(h, plan, 'deploy.approve', SAM);
    const d = await deploymentOf(h, plan);
    const card = await h.slack.waitFor(() => cardOf(d.id), 30_000);
    const text = cardText(h, card);
    expect(text).toContain('Warning · Deploy of api to prod rolled back automatically');
    expect(text).toContain(`Deploy · \`${d.id}\` · 1 notification`);
    expect(buttonsOf(card).map((b) => b.text?.text)).toContain('Declare incident (P3)');
  });
});

describe('buttons on the card', () => {
  it('Acknowledge and Silence say who and when; a silenced policy gets no new card', async () => {
    await send(h, notification('0.ack', 'open', { policy: 'worker: queue depth', service: 'worker' }));
    const card = cardOf('0.ack');
    await h.slack.clickAction({
      channel: card.channel,
      messageTs: card.ts,
      actionId: 'alert.acknowledge',
      value: 'monitoring-0.ack',
      user: JO,
    });
    await h.slack.waitFor(() => cardText(h, card).includes(`:eyes: Acknowledged by <@${JO}>`));
    await h.slack.clickAction({
      channel: card.channel,
      messageTs: card.ts,
      actionId: 'alert.silence',
      value: 'monitoring-0.ack',
      user: SAM,
    });
    await h.slack.waitFor(() => cardText(h, card).includes(`:no_bell: Silenced by <@${SAM}> until`));
    expect(buttonsOf(h.slack.workspace.findMessage(card.channel, card.ts)).map((b) => b.text?.text)).toEqual([
      'Declare incident (P2)',
    ]);
    const quiet = await send(h, notification('0.ack2', 'open', { policy: 'worker: queue depth', service: 'worker' }));
    expect(await json(quiet)).toMatchObject({ route: 'silenced' });
    expect(alertCards(h, 'deploys').some((m) => cardText(h, m).includes('0.ack2'))).toBe(false);
    const audit = (await h.bot.store.queryAudit({ target: 'alert:monitoring-0.ack' })).map(
      (a) => `${a.action} ${a.actor}`,
    );
    expect(audit).toEqual(expect.arrayContaining([`alert.acknowledge ${JO}`, `alert.silence ${SAM}`]));
  });

  it('Declare incident opens the form prefilled from the alert; the incident carries the alert', async () => {
    await send(
      h,
      notification('0.decl', 'open', { service: 'web', policy: 'web: latency p95 above 2 s', startedAt: now() - 300 }),
    );
    const card = cardOf('0.decl');
    await h.slack.clickAction({
      channel: card.channel,
      messageTs: card.ts,
      actionId: 'alert.declare.open',
      value: 'monitoring-0.decl',
      user: JO,
    });
    const view = await h.slack.waitFor(() => openView(h, JO, 'alert.declare'));
    const json = JSON.stringify(view.view);
    expect(json).toContain('"initial_value":"web: latency p95 above 2 s"');
    const severity = (
      view.view.blocks as { block_id?: string; element?: { initial_option?: { value: string } } }[]
    ).find((b) => b.block_id === 'severity');
    expect(severity?.element?.initial_option?.value).toBe('P2');
    const before = incidentChannels(h).length;
    await h.slack.submitView({
      viewId: view.id,
      user: JO,
      values: {
        title: { title: input('web: latency p95 above 2 s') },
        severity: { severity: radio('P2') },
        services: { services: multi('web') },
        impact: { impact: input('Slow pages') },
        commander: { commander: userPick(JO) },
      },
    });
    const channel = await h.slack.waitFor(
      () =>
        incidentChannels(h).length > before &&
        incidentChannels(h).at(-1)!.pins.length > 0 &&
        incidentChannels(h).at(-1)!,
      10_000,
    );
    const incident = (await h.bot.store.list(INCIDENTS, { where: { channelId: channel.id } }))[0]!.data;
    expect(incident.alert).toMatchObject({ id: 'monitoring-0.decl', policy: 'web: latency p95 above 2 s' });
    await h.slack.waitFor(() =>
      textOf(cardIn(h, channel)).includes('Declared from the alert <https://console.cloud.google.com/'),
    );
    await expect
      .poll(async () => (await timeline(incident.id)).map((e) => e.kind))
      .toEqual(expect.arrayContaining(['alert', 'declared']));
    await h.slack.waitFor(() => cardText(h, card).includes(`:fire: Declared by <@${JO}> as *${incident.id}*`));

    // The close: the card and the incident channel say so, the commander gets Resolve incident; never resolved by itself.
    await send(
      h,
      notification('0.decl', 'closed', { service: 'web', startedAt: now() - 300, endedAt: now() - 300 + 17 * 60 }),
    );
    const said = await h.slack.waitFor(() => lastIn(h, channel.id, containing('Alert resolved after 17 min')));
    expect(textOf(said)).toContain(`<@${JO}>, ${incident.id} stays open until you resolve it.`);
    expect(buttonsOf(said).map((b) => [b.text?.text, b.action_id, b.value])).toEqual([
      ['Resolve incident', 'incident.resolve.open', incident.id],
    ]);
    expect((await h.bot.store.get(INCIDENTS, incident.id))?.data.open).toBe(true);
    await h.slack.waitFor(() => cardText(h, card).includes('Alert resolved after 17 min'));
    const alertEntries = (await timeline(incident.id)).filter((e) => e.kind === 'alert');
    expect(alertEntries.map((e) => (e as { state: string }).state).sort()).toEqual(['closed', 'open']);
  });
});

describe('an alert for a service with an open incident', () => {
  it("goes into that incident's channel and timeline, not onto a card", async () => {
    const { channel } = await declare(h, 'P2 worker "Jobs pile up"', ALEX);
    const before = alertCards(h, 'deploys').length;
    const answer = await send(h, notification('0.inc', 'open', { service: 'worker', policy: 'worker: failed jobs' }));
    expect(await json(answer)).toMatchObject({ route: 'incident' });
    expect(alertCards(h, 'deploys')).toHaveLength(before);
    const posted = await h.slack.waitFor(() => lastIn(h, channel.id, containing('Alert on `worker`')));
    expect(textOf(posted)).toContain('worker: failed jobs');
    const incidentId = (await h.bot.store.list(INCIDENTS, { where: { channelId: channel.id } }))[0]!.data.id;
    await expect
      .poll(async () => (await timeline(incidentId)).find((e) => e.kind === 'alert')?.permalink)
      .toContain(channel.id);
  });
});

describe('auto-declare', () => {
  it('a CRITICAL alert declares a P1 with the configured commander, once', async () => {
    const before = incidentChannels(h).length;
    const body = notification('0.crit', 'open', { service: 'api', severity: 'Critical', policy: 'api: down' });
    await send(h, body);
    await send(h, body);
    const channel = await h.slack.waitFor(
      () =>
        incidentChannels(h).length > before &&
        incidentChannels(h).at(-1)!.pins.length > 0 &&
        incidentChannels(h).at(-1)!,
      10_000,
    );
    const incident = (await h.bot.store.list(INCIDENTS, { where: { channelId: channel.id } }))[0]!.data;
    expect(incident).toMatchObject({
      severity: 'P1',
      title: 'api: down',
      services: ['api'],
      roles: { commander: ALEX },
    });
    expect(incidentChannels(h)).toHaveLength(before + 1);
    await h.slack.waitFor(() =>
      cardText(h, cardOf('0.crit')).includes(`:fire: Declared automatically as *${incident.id}*`),
    );
  });
});
