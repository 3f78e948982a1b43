import { afterEach, describe, expect, it } from 'vitest';
import { LOCKS, lockId } from '../../src/domain/lock.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  cardIn,
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
} from '../incident/helpers.js';

let h: Harness;
afterEach(async () => h?.stop());

const T0 = '2026-11-22T09:00:00Z'; // 10:00 in Berlin
const at = (minutes: number) => new Date(new Date(T0).getTime() + minutes * 60_000).toISOString();
const issues = () => h.github.repo('acme', 'api').issues;

async function resolveByForm(
  channel: string,
  user: string,
  values: { summary: string; rootCause: string; preventive?: string; actions?: string },
) {
  await type(h, '/incident resolve', channel, user);
  const view = await h.slack.waitFor(() => openView(h, user, 'incident.resolve'));
  const state = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { [k]: input(v) }]));
  const result = await h.slack.submitView({ viewId: view.id, values: state });
  expect(result.ok).toBe(true);
}

describe('/incident resolve', () => {
  it('posts the postmortem draft, opens the GitHub issue, releases the P0 deploy lock and archives the channel later', async () => {
    const clock = settableClock(T0);
    h = await startHarness({ clock });
    const { channel } = await declare(h, 'P0 api "Checkout returns 500"', ALEX);

    // A P0 locks prod deploys of api: the deploy feature refuses, naming the incident.
    expect(await h.bot.store.get(LOCKS, lockId('api', 'prod', 'INC-1'))).not.toBeNull();
    await type(h, '/deploy api prod', 'ops', SAM);
    const refusal = await h.slack.waitFor(() => lastIn(h, 'ops', containing('INC-1')));
    expect(textOf(refusal)).toMatch(/[Ll]ocked by incident INC-1/);

    clock.set(at(20));
    await type(h, '/incident update', channel.id, ALEX);
    const update = await h.slack.waitFor(() => openView(h, ALEX, 'incident.update'));
    await h.slack.submitView({
      viewId: update.id,
      values: {
        status: { status: select('monitoring') },
        summary: { summary: input('Config reverted, errors back to normal') },
      },
    });
    await h.slack.waitFor(() => lastIn(h, channel.id, containing('INC-1 status update')));
    const note = h.slack.userMessage({
      channel: channel.id,
      text: 'The payment client lost its retries in the 09:55 config push',
      user: JO,
    })!;
    await h.slack.addReaction({ channel: channel.id, ts: note.ts, name: 'pushpin', user: SAM });
    await h.slack.waitFor(() => lastIn(h, channel.id, containing('Added to the INC-1 timeline')));

    clock.set(at(65));
    // Resolving takes the commander (or break-glass): Alex hands the incident over to Sam, who resolves it.
    await type(h, '/incident role commander @sam', channel.id, ALEX);
    await h.slack.waitFor(() => lastIn(h, channel.id, containing(`Incident commander of INC-1 is now <@${SAM}>`)));
    await resolveByForm(channel.id, SAM, {
      summary: 'Reverted the config push',
      rootCause: "A config push disabled the payment client's retries",
      preventive: 'Validate client config in CI',
      actions: 'Add an alert on the 5xx rate @sam\n- Write a runbook for config rollbacks',
    });

    const draft = await h.slack.waitFor(() => lastIn(h, channel.id, containing('Postmortem draft: INC-1')), 10_000);
    const text = textOf(draft);
    for (const part of [
      '*Issue*\nCheckout returns 500',
      '*Severity*\nP0 — Critical',
      '*Impact*\nBeing assessed',
      '*Duration*\n1h 5m',
      '*Detected*\n2026-11-22 10:00 Europe/Berlin',
      '*Mitigated*\n2026-11-22 10:20 Europe/Berlin',
      '*Resolved*\n2026-11-22 11:05 Europe/Berlin by <@U0SAM00002>',
      "*Root cause*\nA config push disabled the payment client's retries",
      '*Investigation* (the timeline, times in Europe/Berlin)',
      'Status investigating → monitoring: Config reverted, errors back to normal',
      '“The payment client lost its retries in the 09:55 config push”',
      '*Immediate fix:* Reverted the config push',
      '*Preventive measures:* Validate client config in CI',
      `☐ Add an alert on the 5xx rate — <@${SAM}>`,
      '☐ Write a runbook for config rollbacks — _owner to be found_',
    ]) {
      expect(text).toContain(part);
    }

    expect(issues()).toHaveLength(1);
    const issue = issues()[0]!;
    expect(issue.title).toBe('Postmortem: INC-1 Checkout returns 500');
    expect(issue.labels).toEqual(['postmortem']);
    expect(issue.body).toContain("## Root cause\n\nA config push disabled the payment client's retries");
    expect(issue.body).toContain('- [ ] Add an alert on the 5xx rate (owner: `@sam`)'); // a Slack name, not a GitHub login: no ping
    expect(issue.body).toContain('- [ ] Write a runbook for config rollbacks');
    expect(issue.body).toContain('| **Duration** | 1h 5m |');
    expect(issue.body).toMatch(
      /- \*\*2026-11-22 10:00\*\* Declared · `@alex` — Declared P0: Checkout returns 500\. Commander `@alex`\./,
    );
    expect(text).toContain(`acme/api#${issue.number}`);

    const notice = await h.slack.waitFor(() => lastIn(h, 'incidents', containing('INC-1 resolved')));
    expect(textOf(notice)).toContain('*INC-1 resolved* after 1h 5m');

    await h.slack.waitFor(() => textOf(cardIn(h, channel)).includes('Resolved'));
    const card = textOf(cardIn(h, channel));
    expect(card).toContain('*Time to resolve*\n1h 5m');
    expect(card).toContain("*Root cause:* A config push disabled the payment client's retries");
    expect(card).not.toContain('Post update');
    expect(await h.bot.store.get(LOCKS, lockId('api', 'prod', 'INC-1'))).toBeNull();
    expect(channel.topic).toContain('Resolved');

    // No more changes, and no second resolve.
    const again = await h.slack.slashCommand({ text: '/incident resolve', channel: channel.id, user: ALEX });
    expect(again.ok).toBe(true);
    expect(textOf(h.slack.messagesIn(channel.id).at(-1))).toContain('INC-1 is resolved');
    expect(issues()).toHaveLength(1);

    const audit = (await h.bot.store.queryAudit({ target: 'incident:INC-1' })).map((e) => e.action);
    expect(audit).toEqual(
      expect.arrayContaining([
        'incident.declare',
        'incident.update',
        'incident.pin',
        'incident.resolve',
        'incident.postmortem_issue',
      ]),
    );

    // Archived seven days after resolution (chatops.example.yml: archiveAfterDays 7), once.
    await h.bot.ticker.runOnce(new Date(new Date(at(65)).getTime() + 7 * 86_400_000 - 60_000));
    expect(channel.isArchived).toBe(false);
    await h.bot.ticker.runOnce(new Date(new Date(at(65)).getTime() + 7 * 86_400_000));
    expect(channel.isArchived).toBe(true);
    expect(
      (await h.bot.store.queryAudit({ target: 'incident:INC-1' })).filter((e) => e.action === 'incident.archive'),
    ).toHaveLength(1);
  });

  it('when GitHub fails, says why and offers a button that opens the issue later', async () => {
    h = await startHarness({ clock: settableClock(T0) });
    const { channel } = await declare(h, 'P2 web "Slow images"');
    h.github.faults.inject(/^POST \/repos\/acme\/api\/issues$/, { kind: 'status', status: 503 }, 5);
    await resolveByForm(channel.id, ALEX, { summary: 'CDN cache purged', rootCause: 'unknown' });
    const draft = await h.slack.waitFor(() => lastIn(h, channel.id, containing('Postmortem draft: INC-1')), 10_000);
    expect(textOf(draft)).toContain(
      ':warning: The GitHub issue could not be opened in acme/api: GitHub is unavailable',
    );
    expect(issues()).toHaveLength(0);

    h.github.faults.clear();
    await h.slack.clickAction({
      channel: channel.id,
      messageTs: draft.ts,
      actionId: 'incident.postmortem.retry',
      user: ALEX,
    });
    await h.slack.waitFor(
      () => textOf(h.slack.workspace.findMessage(channel.id, draft.ts)).includes(':link: Opened as'),
      10_000,
    );
    expect(issues()).toHaveLength(1);
    await h.slack
      .clickAction({ channel: channel.id, messageTs: draft.ts, actionId: 'incident.postmortem.retry', user: ALEX })
      .catch(() => undefined);
    expect(issues()).toHaveLength(1);
  });
});
