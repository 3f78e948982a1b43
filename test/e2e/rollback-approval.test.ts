import { afterEach, describe, expect, it } from 'vitest';
import { ROLLBACK_REQUESTS, type RollbackRequest } from '../../src/domain/rollback.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  JO,
  SAM,
  cardSays,
  deploymentOf,
  ephemeralFor,
  requestDeploy,
  testConfig,
  thread,
} from '../support/deploy-helpers.js';

const KIM = 'U0KIM00004'; // in the workspace, approver of nothing

/** prod rollbacks of api need 2 approvals from @sre-team (Alex, Sam) and Jo. */
const approvalConfig = () =>
  testConfig((y) =>
    y.replace(
      'minApprovals: 1\n        channel: "#deploys"',
      'minApprovals: 1\n        channel: "#deploys"\n        rollback: { requiresApproval: true, approvers: ["@sre-team", U0JO000003], minApprovals: 2 }',
    ),
  );

let h: Harness;
afterEach(async () => h?.stop());

async function start(configPath = approvalConfig()): Promise<Harness> {
  h = await startHarness({ configPath });
  h.slack.workspace.users.push({ id: KIM, name: 'kim', realName: 'Kim Berg' });
  return h;
}

const serving = (service: string) =>
  h.cloudRun
    .getTraffic(service)
    .filter((t) => t.percent > 0)
    .map((t) => `${t.percent}% ${t.revision}`);
const patches = () =>
  h.cloudRun.requests.filter((r) =>
    /^PATCH \/v2\/projects\/demo-project\/locations\/europe-west1\/services\/api$/.test(r),
  ).length;
const audit = async () =>
  (await h.bot.store.queryAudit({}))
    .reverse()
    .map((e) => e.action)
    .filter((a) => a.startsWith('rollback'));
const idOf = (card: { blocks?: unknown[]; text: string }) =>
  /rollback `(rb-[0-9a-f-]+)`/.exec(textOf(card as never))?.[1] ?? '';
const click = (
  card: { channel: string; ts: string },
  action: 'rollback.approve' | 'rollback.reject',
  user: string,
  id: string,
) => h.slack.clickAction({ channel: card.channel, messageTs: card.ts, actionId: action, value: id, user });
const recordOf = async (id: string) => (await h.bot.store.get<RollbackRequest>(ROLLBACK_REQUESTS, id))!.data;

async function requestRollback(user: string, text = 'api prod') {
  const before = h.slack.workspace.messages.length;
  const result = await h.slack.slashCommand({ text: `/rollback ${text}`, channel: 'ops', user });
  expect(result.ok).toBe(true);
  expect(result.elapsedMs).toBeLessThan(3000);
  const card = await h.slack.waitFor(
    () => h.slack.workspace.messages.slice(before).find((m) => m.text.startsWith('Rollback Request:') && !m.threadTs),
    10_000,
  );
  return { card, id: idOf(card) };
}

describe('/rollback with rollback.requiresApproval (2 of 3)', () => {
  it('posts a request that moves nothing; refuses self, non-approvers and a second click; the second approval rolls back once', async () => {
    await start();
    const deployCard = await requestDeploy(h, 'api prod --force "test"', ALEX);
    await cardSays(h, deployCard, /:white_check_mark: \*Deployed\*/);
    const d = await deploymentOf(h, deployCard);
    const before = serving('api');
    const patchesBefore = patches();

    const { card, id } = await requestRollback(ALEX, `api prod --reason "5xx since the deploy"`);
    const text = textOf(card);
    expect(text).toContain('Rollback Request: api → prod');
    expect(text).toContain('Waiting for approval* (0 of 2)');
    expect(text).toContain(`Serving now*\n\`${d.revision}\``);
    expect(text).toContain(`Roll back to*\n\`${d.rollbackTarget}\``);
    expect(text).toContain('Why*\n5xx since the deploy');
    expect(text).toMatch(/0 of 2 required, from 3 approver\(s\): none yet · expires \d{4}-\d\d-\d\d \d\d:\d\d/);
    expect(card.channel).toBe(h.slack.workspace.findChannel('deploys')!.id);
    await h.slack.waitFor(() => ephemeralFor(h, ALEX).includes(`Rollback request ${id}`));
    expect(ephemeralFor(h, ALEX)).toContain('Nothing moves until it is approved');
    expect(serving('api')).toEqual(before);

    await click(card, 'rollback.approve', ALEX, id);
    await h.slack.waitFor(() => ephemeralFor(h, ALEX).includes('someone else has to approve'));
    await click(card, 'rollback.approve', KIM, id);
    await h.slack.waitFor(() => ephemeralFor(h, KIM).includes('You are not an approver for rollbacks of api prod'));
    await click(card, 'rollback.approve', SAM, id);
    await cardSays(h, card, /Waiting for approval\* \(1 of 2\)/);
    await click(card, 'rollback.approve', SAM, id);
    await h.slack.waitFor(() => ephemeralFor(h, SAM).includes('already approved this rollback'));
    expect(serving('api')).toEqual(before);
    expect(patches()).toBe(patchesBefore);
    expect((await recordOf(id)).approvals.map((a) => a.user)).toEqual([SAM]);

    await click(card, 'rollback.approve', JO, id);
    const done = await cardSays(h, card, /:white_check_mark: \*Rolled back\*/);
    expect(done).toMatch(/2 of 2 required.*<@U0SAM00002> at.*<@U0JO000003> at/s);
    expect(done).not.toContain('Approve');
    expect(serving('api')).toEqual([`100% ${d.rollbackTarget}`]);
    expect(patches()).toBe(patchesBefore + 1);
    await h.slack.waitFor(() => thread(h, card).includes('Rolled back api → prod'));
    expect(thread(h, card)).toContain(
      `100% of traffic is on \`${d.rollbackTarget}\` (was \`${d.revision}\`), verified on Cloud Run`,
    );
    expect(await audit()).toEqual(['rollback.request', 'rollback.approve', 'rollback.approve', 'rollback']);
    const entry = (await h.bot.store.queryAudit({ target: 'service:api/prod' })).filter((e) => e.action === 'rollback');
    expect(entry).toHaveLength(1);
    expect(entry[0]).toMatchObject({
      actor: ALEX,
      details: { requestId: id, approvedBy: [SAM, JO], reason: '5xx since the deploy' },
    });
  }, 30_000);

  it('20 concurrent clicks on the completing approval roll back once', async () => {
    await start();
    const patchesBefore = patches();
    const { card, id } = await requestRollback(KIM);
    await click(card, 'rollback.approve', SAM, id);
    await cardSays(h, card, /\(1 of 2\)/);
    const clicks = await Promise.all(
      Array.from({ length: 20 }, (_, i) => click(card, 'rollback.approve', i % 2 ? JO : ALEX, id)),
    );
    expect(clicks.every((c) => c.ok && c.elapsedMs < 3000)).toBe(true);
    await cardSays(h, card, /\*Rolled back\*/);
    await h.slack.waitFor(() => thread(h, card).includes('Rolled back api → prod'));
    const r = await recordOf(id);
    expect(r.status).toBe('succeeded');
    expect(r.approvals).toHaveLength(2);
    expect(patches()).toBe(patchesBefore + 1);
    expect(serving('api')).toEqual([`100% ${r.to}`]);
    expect((await audit()).filter((a) => a === 'rollback')).toHaveLength(1);
    expect((await audit()).filter((a) => a === 'rollback.approve')).toHaveLength(2);
    expect(h.slack.messagesIn(card.channel).filter((m) => m.threadTs === card.ts)).toHaveLength(1);
  }, 30_000);

  it('reject: by an approver, nothing moves, the buttons go; a later approval is refused', async () => {
    await start();
    const before = serving('api');
    const { card, id } = await requestRollback(KIM);
    await click(card, 'rollback.reject', JO, id);
    const text = await cardSays(h, card, /Rejected/);
    expect(text).toContain('*Rejected* by <@U0JO000003>. Nothing was changed.');
    await click(card, 'rollback.approve', SAM, id);
    await h.slack.waitFor(() => ephemeralFor(h, SAM).includes('This rollback is rejected; nothing to approve.'));
    expect(serving('api')).toEqual(before);
    expect(await audit()).toEqual(['rollback.request', 'rollback.reject']);
  });

  it('expires after deploy.approvalExpiryMinutes through the ticker, once', async () => {
    await start();
    const before = serving('api');
    const { card, id } = await requestRollback(KIM);
    const r = await recordOf(id);
    expect(Date.parse(r.expiresAt) - Date.parse(r.requestedAt)).toBe(30 * 60_000);
    await h.bot.ticker.runOnce(new Date(Date.parse(r.expiresAt) - 1000));
    expect((await recordOf(id)).status).toBe('pending');
    await h.bot.ticker.runOnce(new Date(Date.parse(r.expiresAt) + 1000));
    await h.bot.ticker.runOnce(new Date(Date.parse(r.expiresAt) + 60_000));
    const text = await cardSays(h, card, /Expired/);
    expect(text).toContain('not approved before');
    expect(text).not.toContain('Approve');
    await click(card, 'rollback.approve', SAM, id);
    await h.slack.waitFor(() => ephemeralFor(h, SAM).includes('This rollback is expired'));
    expect(serving('api')).toEqual(before);
    expect(await audit()).toEqual(['rollback.request', 'rollback.expire']);
  });

  it("an expiry acted on before the card's post was answered still shows on the card", async () => {
    await start();
    h.slack.faults.inject('chat.postMessage', { kind: 'slow', ms: 1500 }, 1); // the card is visible before the bot hears its ts
    const { card, id } = await requestRollback(KIM);
    const r = await recordOf(id);
    expect(r.message).toBeUndefined();
    await h.bot.ticker.runOnce(new Date(Date.parse(r.expiresAt) + 1000));
    expect((await recordOf(id)).status).toBe('expired');
    const text = await cardSays(h, card, /Expired/);
    expect(text).not.toContain('Approve');
  });

  it("the incident card's Roll back button asks for approval the same way", async () => {
    await start();
    const before = serving('api');
    const ops = h.slack.workspace.findChannel('ops')!;
    const value = JSON.stringify({ service: 'api', environment: 'prod' });
    const button = h.slack.workspace.addMessage({
      channel: ops.id,
      user: 'U0CHATOPSBOT',
      text: 'card',
      blocks: [
        {
          type: 'actions',
          block_id: 'incident.deploy.d1',
          elements: [
            { type: 'button', action_id: 'rollback.start', value, text: { type: 'plain_text', text: 'Roll back' } },
          ],
        },
      ],
    });
    const clicked = await h.slack.clickAction({
      channel: ops.id,
      messageTs: button.ts,
      actionId: 'rollback.start',
      value,
      user: KIM,
    });
    expect(clicked.elapsedMs).toBeLessThan(3000);
    const card = await h.slack.waitFor(() =>
      h.slack.messagesIn('deploys').find((m) => m.text.startsWith('Rollback Request: api → prod')),
    );
    expect(textOf(card)).toContain('Requested by*\n<@U0KIM00004>');
    await h.slack.waitFor(() => ephemeralFor(h, KIM).includes('Nothing moves until it is approved'));
    expect(serving('api')).toEqual(before);
  });

  it('answers bad input in the ack, and refuses a request nobody else could approve', async () => {
    await start(
      testConfig((y) =>
        y.replace(
          'minApprovals: 1\n        channel: "#deploys"',
          'minApprovals: 1\n        channel: "#deploys"\n        rollback: { requiresApproval: true, approvers: [U0SAM00002, U0JO000003], minApprovals: 2 }',
        ),
      ),
    );
    const bad = await h.slack.slashCommand({ text: '/rollback api nope', channel: 'ops', user: JO });
    expect(bad.elapsedMs).toBeLessThan(3000);
    expect(ephemeralFor(h, JO)).toContain('Unknown environment "nope" for api');
    await h.slack.slashCommand({ text: '/rollback api prod --reason', channel: 'ops', user: JO });
    expect(ephemeralFor(h, JO)).toContain('Say why after --reason');
    await h.slack.slashCommand({ text: '/rollback api prod', channel: 'ops', user: SAM });
    await h.slack.waitFor(() => ephemeralFor(h, SAM).includes('only 1 approver(s) other than you can give one'));
    await h.slack.slashCommand({ text: '/rollback api prod api-nope', channel: 'ops', user: KIM });
    await h.slack.waitFor(() => ephemeralFor(h, KIM).includes('No revision "api-nope"'));
    expect(h.slack.messagesIn('deploys').filter((m) => m.text.startsWith('Rollback Request:'))).toEqual([]);
    expect(await audit()).toEqual([]);
  });

  it('without the policy (the default), /rollback still runs at once', async () => {
    await start(testConfig());
    const result = await h.slack.slashCommand({ text: '/rollback api prod', channel: 'ops', user: KIM });
    expect(result.elapsedMs).toBeLessThan(3000);
    await h.slack.waitFor(() => h.slack.messagesIn('ops').find((m) => m.text.startsWith('Rolled back api prod')));
    expect(serving('api')).toEqual([expect.stringMatching(/^100% api-/)]);
    expect(h.slack.messagesIn('deploys').filter((m) => m.text.startsWith('Rollback Request:'))).toEqual([]);
    expect(await audit()).toEqual(['rollback']);
  });
});
