import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENTS, type Incident } from '../../src/domain/incident.js';
import { LOCKS, lockId } from '../../src/domain/lock.js';
import type { SlackChannel } from '../../sandbox/slack/workspace.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  containing,
  declare,
  input,
  JO,
  lastIn,
  openView,
  SAM,
  select,
  settableClock,
  type,
  userPick,
} from '../incident/helpers.js';

/**
 * Issue 10, part 2: lowering an incident out of P0/P1 (which unlocks prod deploys) and resolving it need the
 * commander or a break-glass user (chatops.example.yml: deploy.breakGlass is Alex). Raising is open to all.
 */
let h: Harness;
let inc: SlackChannel;

beforeAll(async () => {
  h = await startHarness({ clock: settableClock('2026-11-22T09:00:00Z') });
  ({ channel: inc } = await declare(h, 'P1 api "Checkout returns 500"', ALEX));
});
afterAll(async () => {
  await h?.stop();
});

const severity = async () => (await h.bot.store.get<Incident>(INCIDENTS, 'INC-1'))!.data.severity;
const locked = async () => (await h.bot.store.get(LOCKS, lockId('api', 'prod', 'INC-1'))) !== null;
const audit = async (action: string) =>
  (await h.bot.store.queryAudit({ target: 'incident:INC-1' })).filter((e) => e.action === action);
const refusalTo = (user: string) =>
  h.slack.waitFor(() =>
    h.slack
      .messagesIn(inc.id)
      .filter((m) => m.ephemeral && m.visibleTo === user && textOf(m).includes('Only the incident commander'))
      .at(-1),
  );
const ephemeralsTo = (user: string) =>
  h.slack.messagesIn(inc.id).filter((m) => m.ephemeral && m.visibleTo === user).length;

describe('a responder', () => {
  it('cannot lower a P1 to P3: refused in private, naming who can, audited, and prod stays locked', async () => {
    expect(await locked()).toBe(true);
    await type(h, '/incident severity P3', inc.id, JO);
    const refusal = await refusalTo(JO);
    const text = textOf(refusal);
    expect(text).toContain(
      `Only the incident commander, <@${ALEX}>, can lower INC-1 from P1 to P3: that unlocks prod deploys.`,
    );
    expect(text).not.toContain('&lt;@');
    expect(await severity()).toBe('P1');
    expect(await locked()).toBe(true);
    expect(h.slack.messagesIn('incidents').some((m) => textOf(m).includes('unlocked'))).toBe(false);
    expect(h.slack.messagesIn(inc.id).some((m) => !m.ephemeral && textOf(m).includes('P1 → P3'))).toBe(false);
    expect(await audit('incident.severity.refused')).toEqual([
      expect.objectContaining({ actor: JO, details: { from: 'P1', to: 'P3', allowed: [ALEX] } }),
    ]);
  });

  it('can raise it, and move it within P0/P1', async () => {
    await type(h, '/incident severity P0', inc.id, JO);
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('severity P1 → P0')));
    await type(h, '/incident severity P1', inc.id, JO);
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('severity P0 → P1')));
    expect(await locked()).toBe(true);
  });

  it("cannot resolve: not by the command, the card's button, or the update form; no form opens", async () => {
    const before = ephemeralsTo(JO);
    await type(h, '/incident resolve', inc.id, JO);
    await h.slack.waitFor(() => ephemeralsTo(JO) === before + 1);
    expect(textOf(await refusalTo(JO))).toContain(`Only the incident commander, <@${ALEX}>, can resolve INC-1.`);

    await h.slack.clickAction({
      channel: inc.id,
      messageTs: inc.pins[0]!,
      actionId: 'incident.resolve.open',
      user: JO,
    });
    await h.slack.waitFor(() => ephemeralsTo(JO) === before + 2);
    expect(openView(h, JO, 'incident.resolve')).toBeUndefined();

    await type(h, '/incident update', inc.id, JO);
    const update = await h.slack.waitFor(() => openView(h, JO, 'incident.update'));
    const submitted = await h.slack.submitView({
      viewId: update.id,
      values: { status: { status: select('resolved') }, summary: { summary: input('Looks fixed') } },
    });
    expect(submitted.errors?.status).toContain('Only the commander or a break-glass user can resolve INC-1');
    await h.slack.waitFor(() => ephemeralsTo(JO) === before + 3);
    expect(openView(h, JO, 'incident.resolve')).toBeUndefined();
    h.slack.closeView(update.id);

    expect(await audit('incident.resolve.refused')).toHaveLength(3);
    expect((await h.bot.store.get<Incident>(INCIDENTS, 'INC-1'))!.data.open).toBe(true);
  });
  it('cannot make themselves commander (and so lower it next): not by the command, not by the roles form; other roles stay open', async () => {
    const commander = async () => (await h.bot.store.get<Incident>(INCIDENTS, 'INC-1'))!.data.roles.commander;
    const before = ephemeralsTo(JO);
    await type(h, '/incident role commander @jo', inc.id, JO);
    await h.slack.waitFor(() => ephemeralsTo(JO) === before + 1);
    expect(textOf(await refusalTo(JO))).toContain(
      `Only the incident commander, <@${ALEX}>, can hand the commander role of INC-1 to someone else`,
    );
    expect(await commander()).toBe(ALEX);

    await type(h, '/incident role', inc.id, JO);
    const form = await h.slack.waitFor(() => openView(h, JO, 'incident.roles'));
    await h.slack.submitView({ viewId: form.id, values: { commander: { commander: userPick(JO) } } });
    await h.slack.waitFor(() => ephemeralsTo(JO) === before + 2);
    expect(textOf(await refusalTo(JO))).toContain('can hand the commander role of INC-1 to someone else');
    expect(await commander()).toBe(ALEX);
    expect(await audit('incident.commander.refused')).toEqual([
      expect.objectContaining({ actor: JO, details: { from: ALEX, to: JO, allowed: [ALEX] } }),
      expect.objectContaining({ actor: JO, details: { from: ALEX, to: JO, allowed: [ALEX] } }),
    ]);

    await type(h, '/incident role scribe @jo', inc.id, JO);
    await h.slack.waitFor(() => lastIn(h, inc.id, containing(`Scribe of INC-1 is now <@${JO}>`)));
  });
});

describe('the commander and break-glass', () => {
  it('checks again when the resolve form is submitted: a commander who handed over is refused', async () => {
    await type(h, '/incident role commander @sam', inc.id, ALEX);
    await h.slack.waitFor(() => lastIn(h, inc.id, containing(`Incident commander of INC-1 is now <@${SAM}>`)));
    await type(h, '/incident resolve', inc.id, SAM);
    const form = await h.slack.waitFor(() => openView(h, SAM, 'incident.resolve'));
    await type(h, '/incident role commander @jo', inc.id, SAM);
    await h.slack.waitFor(() => lastIn(h, inc.id, containing(`Incident commander of INC-1 is now <@${JO}>`)));

    await h.slack.submitView({
      viewId: form.id,
      values: { summary: { summary: input('Reverted') }, rootCause: { rootCause: input('Config') } },
    });
    expect(textOf(await refusalTo(SAM))).toContain(
      `Only the incident commander, <@${JO}>, or a break-glass user (<@${ALEX}>) can resolve INC-1.`,
    );
    expect((await h.bot.store.get<Incident>(INCIDENTS, 'INC-1'))!.data.open).toBe(true);
    expect((await audit('incident.resolve.refused')).filter((e) => e.actor === SAM)).toHaveLength(1);
  });

  it('a break-glass user who is not the commander may lower it, and that unlocks prod', async () => {
    await type(h, '/incident severity P2', inc.id, ALEX);
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('severity P1 → P2')));
    expect(await locked()).toBe(false);
  });

  it('the commander may lower it and resolve it', async () => {
    await type(h, '/incident severity P1', inc.id, SAM); // anyone may raise
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('severity P2 → P1')));
    expect(await locked()).toBe(true);
    await type(h, '/incident severity P3', inc.id, JO); // Jo is the commander now
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('severity P1 → P3')));
    expect(await locked()).toBe(false);

    await type(h, '/incident resolve', inc.id, JO);
    const form = await h.slack.waitFor(() => openView(h, JO, 'incident.resolve'));
    await h.slack.submitView({
      viewId: form.id,
      values: { summary: { summary: input('Reverted') }, rootCause: { rootCause: input('Config') } },
    });
    await h.slack.waitFor(() => lastIn(h, 'incidents', containing('INC-1 resolved')));
    expect(await audit('incident.resolve')).toEqual([expect.objectContaining({ actor: JO })]);
  });
});
