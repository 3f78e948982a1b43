import { afterEach, describe, expect, it } from 'vitest';
import { createCloudRunPlatform } from '../../src/adapters/cloud-run/index.js';
import { googleCredentialsFor } from '../../src/adapters/google-auth.js';
import type { SlackMessage } from '../../sandbox/slack/workspace.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  JO,
  SAM,
  cardSays,
  click,
  deploymentOf,
  requestDeploy,
  testConfig,
  thread,
} from '../support/deploy-helpers.js';
import { cardIn, declare } from '../incident/helpers.js';

/** Issue 10, part 1: a rolled-back deploy no longer looks live, and its button never moves prod further back. */

let h: Harness;
afterEach(async () => h?.stop());

const serving = () =>
  h.cloudRun
    .getTraffic('api')
    .filter((t) => t.percent > 0)
    .map((t) => `${t.percent}% ${t.revision}`);
/** A clock time as the checklist writes it: "19:14" today, "Tue 8 Dec 00:05" when it falls on another day. */
const CLOCK = '(?:\\w{3} \\d{1,2} \\w{3} )?\\d\\d:\\d\\d';
const buttonsOf = (m: SlackMessage | undefined) =>
  (
    (m?.blocks ?? []) as {
      accessory?: { action_id: string; value: string; confirm?: { title: { text: string }; text: { text: string } } };
    }[]
  ).flatMap((b) => (b.accessory?.action_id === 'rollback.start' ? [b.accessory] : []));

/** An ephemeral answer to `user` posted after message index `from` (other ephemerals, e.g. the declaration's, may land later). */
const answerFor = (user: string, from: number, text: string) =>
  h.slack.waitFor(
    () =>
      h.slack.workspace.messages
        .slice(from)
        .map((m) => (m.ephemeral && m.visibleTo === user ? textOf(m) : ''))
        .find((t) => t.includes(text)),
    10_000,
  );

async function deployed(text: string): Promise<SlackMessage> {
  const card = await requestDeploy(h, text);
  if (text.endsWith('prod')) await click(h, card, 'deploy.approve', SAM);
  await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 20_000);
  await h.slack.waitFor(() => thread(h, card).includes('Deploy succeeded')); // posted once the deploys it superseded say so
  return card;
}

async function command(text: string, user: string, channel: string, starts: string): Promise<SlackMessage> {
  const before = h.slack.workspace.messages.length;
  const result = await h.slack.slashCommand({ text, channel, user });
  expect(result.ok).toBe(true);
  return h.slack.waitFor(() => h.slack.workspace.messages.slice(before).find((m) => m.text.startsWith(starts)), 10_000);
}

describe('the reproduction: deploy api prod, /rollback, declare an incident', () => {
  it('every surface says rolled back (by whom, when, why); no button moves prod further back; a stale click is refused', async () => {
    h = await startHarness({ configPath: testConfig() });
    const plan = await deployed('api prod');
    const d = await deploymentOf(h, plan);
    expect(serving()).toEqual([`100% ${d.revision}`]);

    await command('/rollback api prod --reason "error rate up since 14:05"', JO, 'ops', 'Rolled back api prod');
    expect(serving()).toEqual([`100% ${d.rollbackTarget}`]);
    const record = await deploymentOf(h, plan);
    expect(record.stoppedServing).toMatchObject({
      how: 'rollback',
      by: JO,
      reason: 'error rate up since 14:05',
      to: d.rollbackTarget,
    });

    // The plan card, updated in place.
    const card = await cardSays(h, plan, /Rolled back/);
    expect(card).toMatch(
      new RegExp(
        `:rewind: \\*Rolled back\\* with \`/rollback\` by <@${JO}> at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d Europe/Berlin: error rate up since 14:05 · \`${d.rollbackTarget}\` serves instead`,
      ),
    );
    expect(card).not.toContain('*Deployed*');

    // /deploy history.
    const history = textOf(await command('/deploy history api prod', JO, 'ops', 'Deploy History'));
    expect(history).toContain(`:leftwards_arrow_with_hook: Rolled back · \`${d.sha.slice(0, 7)}`);
    expect(history).toContain(`rolled back with \`/rollback\` by <@${JO}>`);
    expect(history).not.toContain(':white_check_mark: Succeeded');

    // App Home: what is live.
    await h.slack.openHome(JO);
    const home = textOf({
      text: '',
      blocks: (await h.slack.waitFor(() => h.slack.workspace.homeViews.get(JO))).blocks as unknown[],
    });
    expect(home).toContain(
      `:rewind: *api → prod* no deploy of the bot serves: \`${d.sha.slice(0, 7)}\` was rolled back with \`/rollback\` by <@${JO}>`,
    );

    // The incident card: the deploy says rolled back, and there is no Roll back button (nothing of the bot serves).
    const { channel } = await declare(h, 'P2 api "Checkout errors"');
    const incident = cardIn(h, channel);
    expect(textOf(incident)).toMatch(
      new RegExp(
        `\`${d.sha.slice(0, 7)}\` \\*api\\* → prod · succeeded · .*\\n:rewind: rolled back with \`/rollback\` by <@${JO}> at .* Europe/Berlin: error rate up since 14:05`,
      ),
    );
    expect(buttonsOf(incident)).toEqual([]);

    // A card posted before the rollback still carries the old button: the click is refused, and says what serves now.
    const stale = JSON.stringify({
      service: 'api',
      environment: 'prod',
      deploymentId: d.id,
      from: d.revision,
      to: d.rollbackTarget,
    });
    let from = h.slack.workspace.messages.length;
    await h.slack.clickAction({
      channel: channel.id,
      messageTs: incident.ts,
      actionId: 'rollback.start',
      value: stale,
      user: SAM,
    });
    const refusal = await answerFor(SAM, from, 'out of date');
    expect(refusal).toContain(`deploy ${d.id} no longer serves api prod`);
    expect(refusal).toContain(`Serving now: 100% \`${d.rollbackTarget}\``);
    // The same button as the old card rendered it (no from/to) is refused too.
    from = h.slack.workspace.messages.length;
    await h.slack.clickAction({
      channel: channel.id,
      messageTs: incident.ts,
      actionId: 'rollback.start',
      value: JSON.stringify({ service: 'api', environment: 'prod', deploymentId: d.id }),
      user: ALEX,
    });
    await answerFor(ALEX, from, 'out of date');
    expect(serving()).toEqual([`100% ${d.rollbackTarget}`]);
    expect(
      (await h.bot.store.queryAudit({ target: 'service:api/prod' })).filter((e) => e.action === 'rollback'),
    ).toHaveLength(1);

    // A rejected plan never becomes the "Last deploy"; a plan for the rolled-back commit says so, and its risk goes up.
    const rejected = await requestDeploy(h, 'api prod');
    const again = textOf(rejected);
    expect(again).toMatch(
      new RegExp(
        `:warning: Commit not rolled back recently — <@${JO}> rolled it back with /rollback at ${CLOCK} \\(deploy ${d.id}\\): error rate up since 14:05`,
      ),
    );
    expect(again).toMatch(/Risk\*\n\*high\*: production environment; this commit was rolled back in the last 7 days/);
    await h.slack.clickAction({
      channel: rejected.channel,
      messageTs: rejected.ts,
      actionId: 'deploy.reject',
      value: (await deploymentOf(h, rejected)).id,
      user: SAM,
    });
    const modal = await h.slack.waitFor(() => h.slack.workspace.views.find((v) => v.userId === SAM));
    await h.slack.submitView({
      viewId: modal.id,
      values: { reason: { reason: { type: 'plain_text_input', value: 'Not again' } } },
      user: SAM,
    });
    await cardSays(h, rejected, /Rejected/);
    const status = textOf(await command('/ops status api', JO, 'ops', 'Service Status: api'));
    const last = status.slice(status.indexOf('*Last deploy*'));
    expect(last).toMatch(
      new RegExp(
        `^\\*Last deploy\\*\\n\`${d.sha.slice(0, 7)}\` to prod by <@${ALEX}> · succeeded\\n.*\\n:rewind: rolled back with \`/rollback\` by <@${JO}>`,
      ),
    );
    expect(last.split('*Image*')[0]).not.toContain('rejected');
    expect(status).not.toContain('Traffic differs'); // Cloud Run serves what the rollback returned to
  });
});

describe("the incident card's Roll back button", () => {
  it('is only on the deploy that serves, back to what it replaced, with a confirm naming both; a second click on the old card is refused', async () => {
    h = await startHarness({ configPath: testConfig() });
    const first = await deployed('api prod');
    const second = await deployed('api prod');
    const [d1, d2] = [await deploymentOf(h, first), await deploymentOf(h, second)];
    expect(d1.stoppedServing).toMatchObject({ how: 'superseded', by: ALEX, supersededBy: { id: d2.id } });
    expect(await cardSays(h, first, /superseded/)).toMatch(
      /:heavy_check_mark: \*Deployed\* in \d+s · `api-\w+`, since superseded by `[0-9a-f]{7}` \(`d-[0-9a-f-]+`\)/,
    );

    const { channel } = await declare(h, 'P2 api "Slow checkout"');
    const card = cardIn(h, channel);
    const buttons = buttonsOf(card);
    expect(buttons).toHaveLength(1);
    expect(JSON.parse(buttons[0]!.value)).toEqual({
      service: 'api',
      environment: 'prod',
      deploymentId: d2.id,
      from: d2.revision,
      to: d1.revision,
    });
    expect(buttons[0]!.confirm?.title.text).toBe('Roll back api prod?');
    expect(buttons[0]!.confirm?.text.text).toBe(
      `This moves 100% of api prod traffic from \`${d2.revision}\` to \`${d1.revision}\`, the revision this deploy replaced.`,
    );

    await h.slack.clickAction({
      channel: channel.id,
      messageTs: card.ts,
      actionId: 'rollback.start',
      blockId: `incident.deploy.${d2.id}`,
      user: SAM,
    });
    await h.slack.waitFor(() => serving().join() === `100% ${d1.revision}`, 10_000);
    await expect.poll(async () => (await deploymentOf(h, second)).stoppedServing?.how).toBe('incident-card');
    // d1 serves again: the card offers to roll *it* back (to what it replaced), never d2 further back.
    await expect
      .poll(() =>
        buttonsOf(cardIn(h, channel)).map((b) => (JSON.parse(b.value) as { deploymentId: string }).deploymentId),
      )
      .toEqual([d1.id]);
    expect(textOf(cardIn(h, channel))).toContain(`rolled back from the incident card by <@${SAM}>`);
    expect((await deploymentOf(h, first)).servingAgain).toMatchObject({ by: SAM });

    const from = h.slack.workspace.messages.length;
    await h.slack.clickAction({
      channel: channel.id,
      messageTs: card.ts,
      actionId: 'rollback.start',
      value: buttons[0]!.value,
      user: JO,
    });
    expect(await answerFor(JO, from, 'out of date')).toContain(`Serving now: 100% \`${d1.revision}\``);
    expect(serving()).toEqual([`100% ${d1.revision}`]);
  });
});

describe('traffic moved outside the bot', () => {
  it('/ops status, the plan and the incident card say the records and Cloud Run disagree; the card offers no button', async () => {
    h = await startHarness({ configPath: testConfig() });
    const plan = await deployed('api prod');
    const d = await deploymentOf(h, plan);
    const gcloud = createCloudRunPlatform({
      endpoint: h.settings.cloudRun.endpoint,
      credentials: googleCredentialsFor(h.settings.cloudRun.endpoint),
      projectId: 'demo-project',
    });
    await gcloud.setTraffic({ project: 'demo-project', region: 'europe-west1', service: 'api' }, [
      { revision: d.rollbackTarget!, percent: 100 },
    ]);

    const status = textOf(await command('/ops status api', JO, 'ops', 'Service Status: api'));
    expect(status).toContain(
      `:warning: *Traffic differs from the bot's records:* Cloud Run serves 100% \`${d.rollbackTarget}\`, but the bot's records say \`${d.revision}\` should serve 100% (deploy ${d.id}`,
    );
    const next = textOf(await requestDeploy(h, 'api staging'));
    expect(next).toContain(':white_check_mark: Traffic as the bot recorded it'); // staging is as recorded
    const prod = textOf(await requestDeploy(h, 'api prod'));
    expect(prod).toContain(`:warning: Traffic as the bot recorded it — Cloud Run serves 100% \`${d.rollbackTarget}\``);
    const { channel } = await declare(h, 'P2 api "Errors"');
    expect(buttonsOf(cardIn(h, channel))).toEqual([]);
    expect(textOf(cardIn(h, channel))).toContain('Traffic was moved outside the bot');
  });
});

describe('the checklist', () => {
  it('shows your own lock: "locked by you until HH:MM", with the day when the lock ends on another day', async () => {
    h = await startHarness({ configPath: testConfig() });
    await command('/deploy lock api prod --for 2h db work', ALEX, 'ops', '');
    const text = textOf(await requestDeploy(h, 'api prod', ALEX));
    expect(text).toMatch(new RegExp(`:white_check_mark: No lock — locked by you until ${CLOCK}: db work`));
    expect(text).not.toContain('not locked');
  });

  it('names the holder of a lock a break-glass deploy was forced past, with a mention', async () => {
    h = await startHarness({ configPath: testConfig() });
    await command('/deploy lock api prod --for 2h db & cache work', JO, 'ops', '');
    const text = textOf(await requestDeploy(h, 'api prod --force "hotfix for the login outage"', ALEX));
    expect(text).toContain(`:warning: No lock — forced past the lock of <@${JO}>: db &amp; cache work`);
  });
});
