import { afterEach, describe, expect, it } from 'vitest';
import { INCIDENT_TIMELINE, type TimelineEntry } from '../../src/domain/incident.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  cardIn,
  containing,
  declare,
  input,
  JO,
  openView,
  SAM,
  select,
  settableClock,
  type,
} from '../incident/helpers.js';

let h: Harness;
afterEach(async () => h?.stop());

const T0 = '2026-11-22T09:00:00Z'; // 10:00 in Berlin
const at = (minutes: number) => new Date(new Date(T0).getTime() + minutes * 60_000);
const reminders = (channel: string) =>
  h.slack
    .messagesIn(channel)
    .filter((m) => /status update (was due|overdue)|missed \d+ status updates/.test(textOf(m)));

describe('reminders and escalation (injected clock, no sleeping)', () => {
  it('reminds the commander once per missed update, escalates after two, and an update resets the clock', async () => {
    const clock = settableClock(T0);
    h = await startHarness({ clock });
    const { channel } = await declare(h, 'P0 api "Orders are lost"', SAM); // P0: every 15 minutes
    channel.members = channel.members.filter((m) => m !== ALEX); // Alex left; the escalation invites @sre-team again

    await h.bot.ticker.runOnce(at(14));
    expect(reminders(channel.id)).toHaveLength(0);

    clock.set(at(15).toISOString());
    await h.bot.ticker.runOnce(at(15));
    await h.bot.ticker.runOnce(at(15)); // the same tick again: nothing more
    expect(reminders(channel.id)).toHaveLength(1);
    expect(textOf(reminders(channel.id)[0])).toContain(
      `<@${SAM}>, the INC-1 status update was due at 2026-11-22 10:15 Europe/Berlin`,
    );
    await h.slack.waitFor(() =>
      textOf(cardIn(h, channel)).includes('*Next update due*\n2026-11-22 10:30 Europe/Berlin (1 missed)'),
    );

    await h.bot.ticker.runOnce(at(29));
    expect(reminders(channel.id)).toHaveLength(1);
    clock.set(at(30).toISOString());
    await h.bot.ticker.runOnce(at(30));
    const escalation = reminders(channel.id)[1];
    expect(textOf(escalation)).toContain(
      `@sre-team (<@${ALEX}> <@${SAM}>): *INC-1* (P0, Orders are lost) has missed 2 status updates in a row. Escalating`,
    );
    expect(channel.members).toContain(ALEX);
    const entries = (await h.bot.store.list<TimelineEntry>(INCIDENT_TIMELINE, { where: { incidentId: 'INC-1' } })).map(
      (r) => r.data,
    );
    expect(
      entries
        .filter((e) => e.kind === 'reminder' || e.kind === 'escalation')
        .map((e) => [e.kind, Boolean(e.permalink)]),
    ).toEqual([
      ['reminder', true],
      ['escalation', true],
    ]);
    const audit = (await h.bot.store.queryAudit({ target: 'incident:INC-1' })).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['incident.remind', 'incident.escalate']));

    // An update resets the count and the clock: the next reminder is due 15 minutes after it.
    clock.set(at(32).toISOString());
    await type(h, '/incident update', channel.id, SAM);
    const view = await h.slack.waitFor(() => openView(h, SAM, 'incident.update'));
    await h.slack.submitView({
      viewId: view.id,
      values: { status: { status: select('identified') }, summary: { summary: input('Queue consumer stuck') } },
    });
    await h.slack.waitFor(() => h.slack.messagesIn(channel.id).find(containing('INC-1 status update')));
    await h.bot.ticker.runOnce(at(46));
    expect(reminders(channel.id)).toHaveLength(2);
    await h.bot.ticker.runOnce(at(47));
    expect(reminders(channel.id)).toHaveLength(3);
    expect(textOf(reminders(channel.id)[2])).toContain('was due at 2026-11-22 10:47 Europe/Berlin');
  });

  it('two instances sharing the store send a due reminder once', async () => {
    const clock = settableClock(T0);
    h = await startHarness({ clock });
    const { channel } = await declare(h, 'P1 web "Images missing"');
    const other = await h.startAnotherBot({ clock });
    await Promise.all([
      h.bot.ticker.runOnce(at(30)),
      other.ticker.runOnce(at(30)),
      h.bot.ticker.runOnce(at(31)),
      other.ticker.runOnce(at(31)),
    ]);
    expect(reminders(channel.id)).toHaveLength(1);
  });

  it('a restart keeps the reminders: what fell due while the bot was down is sent by the new one', async () => {
    const clock = settableClock(T0);
    h = await startHarness({ clock });
    const { channel } = await declare(h, 'P1 worker "Emails stuck"', JO);
    await h.restartBot({ clock });
    clock.set(at(31).toISOString());
    await h.bot.ticker.runOnce(at(31));
    expect(reminders(channel.id)).toHaveLength(1);
    expect(textOf(reminders(channel.id)[0])).toContain(
      `<@${JO}>, the INC-1 status update was due at 2026-11-22 10:30 Europe/Berlin`,
    );
  });

  it('a P3 has no reminders', async () => {
    const clock = settableClock(T0);
    h = await startHarness({ clock });
    const { channel, card } = await declare(h, 'P3 "Typo on the pricing page"');
    expect(textOf(card)).toContain('no reminders at P3');
    await h.bot.ticker.runOnce(at(24 * 60));
    expect(reminders(channel.id)).toHaveLength(0);
  });

  it('a declaration cut short (Slack failing at the card) is finished after a restart: card pinned, announced, once', async () => {
    const clock = settableClock(T0);
    h = await startHarness({ clock });
    h.slack.faults.inject(
      'chat.postMessage',
      { kind: 'status', status: 200, body: { ok: false, error: 'fatal_error' } },
      1,
    );
    await type(h, '/incident declare P1 api "Cart is empty"', 'general', SAM);
    const reply = await h.slack.waitFor(() => h.slack.messagesIn('general').find(containing('Declared *INC-1*')));
    expect(textOf(reply)).toContain('The card could not be posted yet');
    const channel = h.slack.workspace.channels.find((c) => c.name === 'inc-20261122-cart-is-empty')!;
    expect(channel.pins).toHaveLength(0);

    await h.restartBot({ clock });
    await h.bot.ticker.runOnce(at(1)); // the declarer's lease still runs: nothing yet
    expect(channel.pins).toHaveLength(0);
    await h.bot.ticker.runOnce(at(3));
    await h.bot.ticker.runOnce(at(6));
    expect(channel.pins).toHaveLength(1);
    expect(textOf(h.slack.workspace.findMessage(channel.id, channel.pins[0]!))).toContain('P1 · Cart is empty');
    expect(h.slack.messagesIn('incidents').filter(containing('INC-1 declared'))).toHaveLength(1);
    expect(h.slack.workspace.channels.filter((c) => c.name.includes('cart-is-empty'))).toHaveLength(1);
  });
});
