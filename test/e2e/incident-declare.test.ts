import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENTS, type Incident } from '../../src/domain/incident.js';
import { LOCKS } from '../../src/domain/lock.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  BOT,
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
  settableClock,
  type,
  userPick,
} from '../incident/helpers.js';

let h: Harness;
const clock = settableClock('2026-11-22T13:05:00Z'); // 14:05 in Berlin

beforeAll(async () => {
  h = await startHarness({ clock });
});
afterAll(async () => {
  await h?.stop();
});

describe('/incident declare, one-line form', () => {
  it('creates the channel, sets topic and purpose, invites, pins the card and announces it', async () => {
    const { channel, card } = await declare(h, 'P1 api "Checkout returns 500"');

    expect(channel.name).toBe('inc-20261122-checkout-returns-500');
    expect(channel.topic).toBe(`INC-1 · P1 · Investigating · Commander <@${ALEX}> · api`);
    expect(channel.purpose).toContain('Checkout returns 500 — declared by <@U0ALEX0001>');
    // Declarer and commander, @sre-team (P1 responders: Alex and Sam), and Jo (the api responder); the bot created it.
    expect([...channel.members].sort()).toEqual([ALEX, JO, SAM, BOT].sort());

    const text = textOf(card);
    expect(card.user).toBe(BOT);
    for (const fact of [
      'P1 · Checkout returns 500',
      'Investigating',
      '*Impact*\nBeing assessed',
      `*Commander*\n<@${ALEX}>`,
      '*Started at*\n2026-11-22 14:05 Europe/Berlin',
      '*Affected services*\n`api`',
      '*Root cause:* TBD',
      'Post update',
      'Assign roles',
      'Resolve',
    ]) {
      expect(text).toContain(fact);
    }

    const announcement = await h.slack.waitFor(() => lastIn(h, 'incidents', containing('INC-1 declared')));
    expect(textOf(announcement)).toContain(`<#${channel.id}>`);
    expect(textOf(announcement)).toContain('Checkout returns 500');
    expect(textOf(announcement)).toMatch(/\|incident card>/);

    const confirmation = await h.slack.waitFor(() => lastIn(h, 'general', containing('Declared *INC-1*')));
    expect(confirmation.ephemeral).toBe(true);
    expect(confirmation.visibleTo).toBe(ALEX);

    const audit = await h.bot.store.queryAudit({ target: 'incident:INC-1' });
    expect(audit.map((e) => e.action)).toContain('incident.declare');
  });

  it('answers bad input in the ack, with the usage', async () => {
    for (const [text, problem] of [
      ['/incident declare P5 api "x"', 'The severity comes first'],
      ['/incident declare P1 payments "x"', 'Unknown service "payments". Known services: api, web, worker.'],
      ['/incident declare P1 api', 'An incident needs a title'],
      ['/incident frobnicate', 'Unknown subcommand "frobnicate".'],
    ] as const) {
      const result = await h.slack.slashCommand({ text, channel: 'general', user: SAM });
      expect(result.elapsedMs).toBeLessThan(3000);
      const reply = h.slack.messagesIn('general').at(-1);
      expect(reply?.ephemeral).toBe(true);
      expect(textOf(reply)).toContain(problem);
      expect(textOf(reply)).toContain('/incident declare &lt;P0-P3&gt; [service,…] "&lt;title&gt;"'); // escaped in the fallback too
    }
  });
});

describe('/incident declare, the form', () => {
  it('opens a modal with the severities and their meanings, and declares from it', async () => {
    await type(h, '/incident declare', 'ops', SAM);
    const view = await h.slack.waitFor(() => openView(h, SAM, 'incident.declare'));
    const json = JSON.stringify(view.view);
    expect(json).toContain('a key feature is down or badly degraded'); // P1's one-line meaning
    expect(json).toContain(`"initial_user":"${SAM}"`); // the commander defaults to the declarer

    const missing = await h.slack.submitView({
      viewId: view.id,
      values: { title: { title: input('') }, severity: { severity: { type: 'radio_buttons', selected_option: null } } },
    });
    expect(missing.errors).toEqual({ title: 'Give the incident a title.', severity: 'Pick a severity.' });

    const before = incidentChannels(h).length;
    const result = await h.slack.submitView({
      viewId: view.id,
      values: {
        title: { title: input('Search is slow in the EU') },
        severity: { severity: radio('P2') },
        services: { services: multi('web', 'worker') },
        impact: { impact: input('EU shoppers wait 8 s for search results') },
        commander: { commander: userPick(JO) },
      },
    });
    expect(result.ok).toBe(true);
    const channel = await h.slack.waitFor(
      () =>
        incidentChannels(h).length > before &&
        incidentChannels(h).at(-1)!.pins.length > 0 &&
        incidentChannels(h).at(-1)!,
    );
    expect(channel.name).toBe('inc-20261122-search-is-slow-in-the-eu');
    expect([...channel.members].sort()).toEqual([SAM, JO, BOT].sort()); // P2 has no responders, web/worker none
    const text = textOf(cardIn(h, channel));
    expect(text).toContain('P2 · Search is slow in the EU');
    expect(text).toContain(`*Commander*\n<@${JO}>`);
    expect(text).toContain('EU shoppers wait 8 s');
    expect(text).toContain('`web`, `worker`');
    const confirmation = await h.slack.waitFor(() => lastIn(h, 'ops', containing('Declared *INC-')));
    expect(confirmation.visibleTo).toBe(SAM);
    expect(
      await h.bot.store
        .list(LOCKS, { where: { environment: 'prod' } })
        .then((locks) => locks.filter((l) => l.id.includes('web'))),
    ).toEqual([]); // P2 locks nothing
  });
});

describe('channel names', () => {
  it('gives two same-day incidents with the same title different channels', async () => {
    const first = await declare(h, 'P3 "Login emails are late"');
    const second = await declare(h, 'P3 "Login emails are late"', SAM);
    expect(first.channel.name).toBe('inc-20261122-login-emails-are-late');
    expect(second.channel.name).toBe('inc-20261122-login-emails-are-late-2');
    expect(textOf(second.card)).toContain('Login emails are late');
  });

  it('takes the next free name when Slack says the name is taken, and stays within 80 lowercase characters', async () => {
    h.slack.workspace.createChannel('inc-20261122-db-failover', ALEX);
    const taken = await declare(h, 'P2 "DB failover"');
    expect(taken.channel.name).toBe('inc-20261122-db-failover-2');

    const long = await declare(h, `P3 "Ünïcödé Title: ${'very long words '.repeat(6)}"`);
    expect(long.channel.name.length).toBeLessThanOrEqual(80);
    expect(long.channel.name).toMatch(/^inc-20261122-unicode-title-very-long-words(-[a-z0-9]+)*$/);
  });

  it('tells the user which scope is missing and leaves no half-declared incident', async () => {
    const open = (await h.bot.store.list<Incident>(INCIDENTS, { where: { open: true } })).length;
    h.slack.faults.inject('conversations.create', {
      kind: 'status',
      status: 200,
      body: { ok: false, error: 'missing_scope', needed: 'channels:manage', provided: 'commands,chat:write' },
    });
    await type(h, '/incident declare P1 api "Payments fail"', 'general', SAM);
    const reply = await h.slack.waitFor(() => lastIn(h, 'general', containing('channels:manage')));
    expect(reply.visibleTo).toBe(SAM);
    expect(textOf(reply)).toContain('Reinstall the Slack app');
    expect((await h.bot.store.list<Incident>(INCIDENTS, { where: { open: true } })).length).toBe(open);
    expect(incidentChannels(h).some((c) => c.name.includes('payments-fail'))).toBe(false);
  });
});
