import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import { entryText } from '../../blocks/incident-entry.js';
import { INCIDENT_TIMELINE, type TimelineEntry } from '../../src/domain/incident.js';
import { LOCKS, lockId, type DeployLock } from '../../src/domain/lock.js';
import type { SlackChannel } from '../../sandbox/slack/workspace.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  cardIn,
  containing,
  declare,
  input,
  JO,
  lastIn,
  number,
  openView,
  SAM,
  select,
  settableClock,
  type,
  userPick,
} from '../incident/helpers.js';

let h: Harness;
let inc: SlackChannel;
const clock = settableClock('2026-11-22T09:00:00Z');

/** The stored entries, each with what it says (entries store facts; blocks/ words them). */
const timeline = async (incidentId: string) =>
  (await h.bot.store.list<TimelineEntry>(INCIDENT_TIMELINE, { where: { incidentId } })).map((r) => ({
    ...r.data,
    text: entryText(r.data),
  }));

function deploy(id: string, requestedAt: string, status: Deployment['status'] = 'succeeded'): Deployment {
  return {
    id,
    service: 'api',
    environment: 'prod',
    ref: 'main',
    sha: `${id.replace(/\W/g, '')}0000000000`,
    commitTitle: `commit ${id}`,
    status,
    requestedBy: SAM,
    requestedAt,
    strategy: 'cloud-run',
    approvers: [],
    requiredApprovals: 0,
    approvals: [],
    steps: [],
    revision: `api-${id}`,
    rollbackTarget: 'api-00001-aaa',
  };
}
/** The demo api serves 90% / 10%: d4 made the 90% revision and replaced the 10% one. */
let top = '';
let replaced = '';

beforeAll(async () => {
  h = await startHarness({ clock });
  const split = h.cloudRun
    .getTraffic('api')
    .filter((t) => t.percent > 0)
    .sort((a, b) => b.percent - a.percent)
    .map((t) => String(t.revision));
  [top, replaced] = [split[0]!, split[1]!];
  for (const [id, at, status] of [
    ['d1', '2026-11-20T10:00:00Z'],
    ['d2', '2026-11-21T10:00:00Z'],
    ['d3', '2026-11-21T15:00:00Z', 'failed'],
    ['d4', '2026-11-22T08:30:00Z'],
  ] as const) {
    await h.bot.store.create(DEPLOYMENTS, id, {
      ...deploy(id, at, status),
      ...(id === 'd4' ? { revision: top, rollbackTarget: replaced } : {}),
    });
  }
  ({ channel: inc } = await declare(h, 'P2 api "Checkout returns 500"'));
});
afterAll(async () => {
  await h?.stop();
});

describe('misuse outside an incident channel', () => {
  it.each(['update', 'resolve', 'role scribe @sam', 'severity P0'])(
    '/incident %s in #general gets an explanation in the ack',
    async (sub) => {
      const result = await h.slack.slashCommand({ text: `/incident ${sub}`, channel: 'general', user: SAM });
      expect(result.elapsedMs).toBeLessThan(3000);
      const reply = h.slack.messagesIn('general').at(-1); // answered in the ack: there the moment the command returns
      expect(reply?.ephemeral).toBe(true);
      expect(reply?.visibleTo).toBe(SAM);
      expect(textOf(reply)).toContain(
        `\`/incident ${sub.split(' ')[0]}\` works in an incident channel, and this is not one.`,
      );
      expect(textOf(reply)).toContain(`<#${inc.id}> (INC-1, P2, Checkout returns 500)`);
      expect(h.slack.workspace.views.filter((v) => v.userId === SAM)).toEqual([]);
    },
  );
});

describe('the card', () => {
  it('lists the last three prod deploys of the affected services, with Roll back only on the one that serves', async () => {
    const card = cardIn(h, inc);
    const text = textOf(card);
    expect(text).toContain('*Recent prod deploys* of `api`');
    expect(text).toContain('`d400000` *api* → prod · succeeded');
    expect(text).toContain('`d300000` *api* → prod · failed');
    expect(text).toContain('`d200000`');
    expect(text).not.toContain('`d100000`');
    const buttons = (card.blocks as { accessory?: { action_id: string; value: string } }[]).flatMap((b) =>
      b.accessory ? [b.accessory] : [],
    );
    expect(buttons.map((b) => b.action_id)).toEqual(['rollback.start']); // not on the failed deploy, nor on d2 that d4 replaced (issue 10)
    expect(JSON.parse(buttons[0]!.value)).toEqual({
      service: 'api',
      environment: 'prod',
      deploymentId: 'd4',
      from: top,
      to: replaced,
    });
    expect(text).toContain('Cloud Run serves 90%'); // the records say d4's revision serves 100%
  });
});

describe('/incident update', () => {
  it('opens a form; the update is posted in the channel, updates the card and is broadcast', async () => {
    await type(h, '/incident update', inc.id, SAM);
    const view = await h.slack.waitFor(() => openView(h, SAM, 'incident.update'));
    expect(JSON.stringify(view.view)).toContain('"initial_value":"120"'); // the P2 cadence
    clock.set('2026-11-22T09:20:00Z');
    const result = await h.slack.submitView({
      viewId: view.id,
      values: {
        status: { status: select('identified') },
        summary: { summary: input('Bad config in payment client') },
        next: { next: input('Rolling back the config') },
        minutes: { minutes: number('20') },
      },
    });
    expect(result.ok).toBe(true);

    const posted = await h.slack.waitFor(() => lastIn(h, inc.id, containing('INC-1 status update')));
    const text = textOf(posted);
    expect(text).toContain(':bulb: Identified (was investigating)');
    expect(text).toContain('*What changed:* Bad config in payment client');
    expect(text).toContain('*What we are doing now:* Rolling back the config');
    expect(text).toContain('*Next update at*\n2026-11-22 10:40 Europe/Berlin');
    const broadcast = await h.slack.waitFor(() => lastIn(h, 'incidents', containing('INC-1 status update')));
    expect(textOf(broadcast)).toContain(`<#${inc.id}>`);
    expect(textOf(broadcast)).toContain('Bad config in payment client');

    await h.slack.waitFor(() => textOf(cardIn(h, inc)).includes('Identified'));
    expect(textOf(cardIn(h, inc))).toContain(
      '*Last update*\n2026-11-22 10:20 Europe/Berlin by <@U0SAM00002>\nBad config in payment client',
    );
    expect(inc.topic).toContain('Identified');
    const entry = (await timeline('INC-1')).find((e) => e.kind === 'status')!;
    expect(entry.text).toBe('Status investigating → identified: Bad config in payment client');
    expect(entry.permalink).toMatch(/\/archives\/C\w+\/p\d+/);
  });

  it('choosing "resolved" hands over to the resolve form, summary carried along (for the commander)', async () => {
    await type(h, '/incident update', inc.id, ALEX);
    const view = await h.slack.waitFor(() => openView(h, ALEX, 'incident.update'));
    await h.slack.submitView({
      viewId: view.id,
      values: { status: { status: select('resolved') }, summary: { summary: input('Config reverted') } },
    });
    const replaced = h.slack.workspace.views.find((v) => v.id === view.id)!;
    expect(replaced.view.callback_id).toBe('incident.resolve');
    expect(JSON.stringify(replaced.view)).toContain('"initial_value":"Config reverted"');
    h.slack.closeView(view.id);
  });
});

describe('roles', () => {
  it('/incident role scribe @jo assigns, invites, posts, and records it', async () => {
    await type(h, '/incident role scribe @jo', inc.id, ALEX);
    const posted = await h.slack.waitFor(() => lastIn(h, inc.id, containing('Scribe of INC-1 is now')));
    expect(textOf(posted)).toContain(`Scribe of INC-1 is now <@${JO}> (set by <@${ALEX}>)`);
    await h.slack.waitFor(() => textOf(cardIn(h, inc)).includes(`*Scribe*\n<@${JO}>`));
    expect((await timeline('INC-1')).some((e) => e.kind === 'role' && e.text === `Scribe: <@${JO}>`)).toBe(true);
  });

  it("the card's Assign roles button opens a form with the current holders (the commander hands over)", async () => {
    await h.slack.clickAction({
      channel: inc.id,
      messageTs: inc.pins[0]!,
      actionId: 'incident.roles.open',
      user: ALEX,
    });
    const view = await h.slack.waitFor(() => openView(h, ALEX, 'incident.roles'));
    expect(JSON.stringify(view.view)).toContain(`"initial_user":"${JO}"`);
    await h.slack.submitView({
      viewId: view.id,
      values: {
        commander: { commander: userPick(SAM) },
        communications: { communications: userPick(ALEX) },
        scribe: { scribe: userPick(JO) },
      },
    });
    await h.slack.waitFor(
      () =>
        textOf(cardIn(h, inc)).includes(`*Commander*\n<@${SAM}>`) &&
        textOf(cardIn(h, inc)).includes(`*Communications*\n<@${ALEX}>`),
    );
    expect(inc.topic).toContain(`Commander <@${SAM}>`);
  });
});

describe('/incident severity', () => {
  it('raising to P0 records it, broadcasts it and locks prod deploys; lowering releases the lock', async () => {
    await type(h, '/incident severity P0', inc.id, SAM);
    const notice = await h.slack.waitFor(() => lastIn(h, 'incidents', containing('severity P2 → P0')));
    expect(textOf(notice)).toContain(':lock: Prod deploys of api are locked until it is resolved.');
    const lock = await h.bot.store.get<DeployLock>(LOCKS, lockId('api', 'prod', 'INC-1'));
    expect(lock?.data).toMatchObject({ holder: 'incident:INC-1', expiresAt: null, environment: 'prod' });
    await h.slack.waitFor(() => textOf(cardIn(h, inc)).includes('P0 · Checkout returns 500'));

    await type(h, '/incident severity P2', inc.id, SAM);
    await h.slack.waitFor(() => lastIn(h, inc.id, containing('severity P0 → P2')));
    expect(await h.bot.store.get(LOCKS, lockId('api', 'prod', 'INC-1'))).toBeNull();
    const kinds = (await timeline('INC-1')).filter((e) => e.kind === 'severity').map((e) => e.text);
    expect(kinds).toEqual([
      'Severity P2 → P0. Prod deploys of api locked.',
      'Severity P0 → P2. Prod deploy lock of api released.',
    ]);
  });
});

describe('the timeline', () => {
  it('📌 on a message adds it once, with who, when and a permalink; /incident timeline shows it in the team zone', async () => {
    const said = h.slack.userMessage({ channel: inc.id, text: 'Error rate drops after the config revert', user: JO })!;
    await h.slack.addReaction({ channel: inc.id, ts: said.ts, name: 'pushpin', user: SAM });
    await h.slack.waitFor(() => lastIn(h, inc.id, containing('Added to the INC-1 timeline')));
    await h.slack.addReaction({ channel: inc.id, ts: said.ts, name: 'pushpin', user: ALEX }); // a second pin: no second entry
    await h.slack.addReaction({ channel: inc.id, ts: said.ts, name: 'eyes', user: ALEX }); // other reactions: nothing

    const general = h.slack.userMessage({ channel: 'general', text: 'unrelated', user: JO })!;
    await h.slack.addReaction({ channel: 'general', ts: general.ts, name: 'pushpin', user: SAM });

    await new Promise((resolve) => setTimeout(resolve, 200));
    const pinned = (await timeline('INC-1')).filter((e) => e.kind === 'pinned');
    expect(pinned).toHaveLength(1);
    expect(pinned[0]).toMatchObject({ actor: JO, text: 'Error rate drops after the config revert' });
    expect(pinned[0]!.permalink).toContain(`/archives/${inc.id}/p${said.ts.replace('.', '')}`);

    await type(h, '/incident timeline', inc.id, ALEX);
    const shown = await h.slack.waitFor(() => lastIn(h, inc.id, containing('Timeline: INC-1')));
    const text = textOf(shown);
    expect(text).toContain('Times in Europe/Berlin');
    expect(text).toMatch(
      /`2026-11-22 10:00` \*:rotating_light: Declared\* · <@U0ALEX0001> — Declared P2: Checkout returns 500\. Commander <@U0ALEX0001>\. <http:[^|]+\/archives\/C\w+\/p\d+\|view>/,
    ); // linked to the card
    expect(text).toContain(
      '`10:20` *:memo: Status* · <@U0SAM00002> — Status investigating → identified: Bad config in payment client',
    );
    expect(text).toContain(`*:pushpin: Pinned* · <@${JO}> — “Error rate drops after the config revert”`);
    expect(text).toContain('*:traffic_light: Severity*');
    expect(text).toContain('*:point_right: Role*');

    await type(h, '/incident timeline INC-1', 'general', ALEX); // from anywhere, by number
    await h.slack.waitFor(() => lastIn(h, 'general', containing('Timeline: INC-1')));
  });

  it('📌 on a reply in a thread records the reply', async () => {
    const parent = h.slack.userMessage({ channel: inc.id, text: 'Status of the payment provider?', user: ALEX })!;
    const reply = h.slack.userMessage({
      channel: inc.id,
      text: 'Their status page shows no outage',
      user: JO,
      threadTs: parent.ts,
    })!;
    await h.slack.addReaction({ channel: inc.id, ts: reply.ts, name: 'pushpin', user: ALEX });
    await expect
      .poll(async () => (await timeline('INC-1')).find((e) => e.id === `INC-1.pin.${reply.ts}`)?.text)
      .toBe('Their status page shows no outage');
  });

  it('📌 on a message the bot may not read (no channels:history scope) still lands on the timeline, with its link', async () => {
    const said = h.slack.userMessage({
      channel: inc.id,
      text: 'Customer support reports recovered checkouts',
      user: SAM,
    })!;
    h.slack.faults.inject('conversations.history', {
      kind: 'status',
      status: 200,
      body: { ok: false, error: 'missing_scope', needed: 'channels:history' },
    });
    await h.slack.addReaction({ channel: inc.id, ts: said.ts, name: 'pushpin', user: ALEX });
    await expect
      .poll(async () => (await timeline('INC-1')).find((e) => e.id === `INC-1.pin.${said.ts}`))
      .toMatchObject({ actor: SAM, text: '(the message could not be read; follow the link)' });
  });

  it('/incident list shows the open incidents', async () => {
    await type(h, '/incident list', 'general', JO);
    const list = await h.slack.waitFor(() => lastIn(h, 'general', containing('Open incidents (')));
    expect(textOf(list)).toContain(`*INC-1* · P2 · :bulb: Identified · Checkout returns 500 · <#${inc.id}>`);
  });
});

describe('deploy link', () => {
  it("the card's Roll back button goes through the rollback flow, and the rollback lands in the channel and the timeline", async () => {
    const card = cardIn(h, inc);
    const before = h.cloudRun.getTraffic('api').filter((t) => t.percent > 0);
    expect(before.length).toBeGreaterThan(1); // the demo api splits 90/10
    await h.slack.clickAction({
      channel: inc.id,
      messageTs: card.ts,
      actionId: 'rollback.start',
      blockId: 'incident.deploy.d4',
      user: SAM,
    });
    const notice = await h.slack.waitFor(() => lastIn(h, inc.id, containing('Rollback of api in prod done')), 10_000);
    expect(textOf(notice)).toContain(`(<@${SAM}>)`);
    expect(h.cloudRun.getTraffic('api').filter((t) => t.percent > 0)).toHaveLength(1);
    await expect
      .poll(async () => (await timeline('INC-1')).find((e) => e.kind === 'rollback')?.permalink)
      .toContain(`/archives/${inc.id}/`);
    expect((await timeline('INC-1')).find((e) => e.kind === 'rollback')?.actor).toBe(SAM);
  });
});
