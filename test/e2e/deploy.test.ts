import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import {
  ALEX,
  JO,
  SAM,
  cardSays,
  click,
  deploymentOf,
  ephemeralFor,
  movableClock,
  requestDeploy,
  testConfig,
  thread,
} from '../support/deploy-helpers.js';

let h: Harness;
afterEach(async () => h?.stop());

const serving = (service: string) =>
  h.cloudRun
    .getTraffic(service)
    .filter((t) => t.percent > 0)
    .map((t) => `${t.percent}% ${t.revision}`);

describe('/deploy on Cloud Run', () => {
  it('posts a runbook plan, and an approval rolls out through the canary steps to 100%', async () => {
    h = await startHarness({ configPath: testConfig() });
    const card = await requestDeploy(h, 'api prod');
    const plan = textOf(card);
    expect(plan).toContain('Deployment Plan: api → prod');
    expect(plan).toMatch(/Risk\*\n\*(medium|high)\*: production environment/);
    expect(plan).toContain('Rollback plan');
    expect(plan).toMatch(/:(white_check_mark|warning): CI checks passing/);
    expect(plan).toContain(':white_check_mark: No lock');
    expect(plan).toContain('Canary 10%');
    expect(plan).toContain('0 of 1 required');
    expect(card.blocks?.some((b) => (b as { type: string }).type === 'actions')).toBe(true);
    await h.slack.waitFor(() => ephemeralFor(h, ALEX).includes('posted in'));
    expect(ephemeralFor(h, ALEX)).toMatch(/:memo: Deployment plan d-[0-9a-f-]+ posted in <#C[A-Z0-9]+>\./); // a channel link, not escaped text

    await click(h, card, 'deploy.approve', SAM);
    const done = await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
    expect(done).toMatch(/1 of 1 required.*<@U0SAM00002> at/s);
    const d = await deploymentOf(h, card);
    expect(serving('api')).toEqual([`100% ${d.revision}`]);
    expect(thread(h, card)).toMatch(/Canary 10%.*\n.*Canary 50%.*\n.*Canary 100%/s);
    await h.slack.waitFor(() => thread(h, card).includes('Deploy succeeded'));
    expect(thread(h, card)).toContain(`/rollback api prod ${d.rollbackTarget}`);
    const audit = (await h.bot.store.queryAudit({ target: `deployment:${d.id}` })).map((e) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['deploy.approve', 'deploy.succeeded']));
    expect(h.github.requests.some((r) => /POST \/repos\/acme\/api\/deployments\/\d+\/statuses/.test(r))).toBe(true);
  });

  it('refuses self-approval and a non-approver, with an explanation, and changes nothing', async () => {
    h = await startHarness({ configPath: testConfig() });
    const card = await requestDeploy(h, 'api prod', ALEX);
    await click(h, card, 'deploy.approve', ALEX);
    await h.slack.waitFor(() => ephemeralFor(h, ALEX).includes('someone else has to approve'));
    await click(h, card, 'deploy.approve', JO);
    await h.slack.waitFor(() => ephemeralFor(h, JO).includes('You are not an approver for api prod'));
    expect((await deploymentOf(h, card)).approvals).toEqual([]);
    expect(textOf(h.slack.workspace.findMessage(card.channel, card.ts))).toContain('Waiting for approval');
  });

  it('rejects with a reason asked in a modal', async () => {
    h = await startHarness({ configPath: testConfig() });
    const card = await requestDeploy(h, 'api prod');
    await click(h, card, 'deploy.reject', SAM);
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
    const text = await cardSays(h, card, /Rejected/);
    expect(text).toContain('*Rejected* by <@U0SAM00002>: Migration not reviewed');
    // The card as the user sees it after the reject (`card` is the one captured before): still a card, no buttons.
    const rejected = h.slack.workspace.findMessage(card.channel, card.ts);
    expect(rejected?.blocks?.length).toBeGreaterThan(0);
    expect(rejected?.blocks?.some((b) => (b as { type: string }).type === 'actions')).toBe(false);
  });

  it("an expiry acted on before the plan's post was answered still shows on the card", async () => {
    const clock = movableClock();
    h = await startHarness({ configPath: testConfig(), clock });
    h.slack.faults.inject('chat.postMessage', { kind: 'slow', ms: 1500 }, 1); // the card is visible before the bot hears its ts
    const card = await requestDeploy(h, 'api prod');
    expect((await deploymentOf(h, card)).message).toBeUndefined();
    clock.advance(31 * 60_000);
    await h.bot.ticker.runOnce(clock.now());
    const text = await cardSays(h, card, /Expired/);
    expect(text).toContain('Request it again with `/deploy api prod main`');
  });

  it('expires after the approval window: the buttons go and the card says expired', async () => {
    const clock = movableClock();
    h = await startHarness({ configPath: testConfig(), clock });
    const card = await requestDeploy(h, 'api prod');
    clock.advance(31 * 60_000);
    await h.bot.ticker.runOnce(clock.now());
    const text = await cardSays(h, card, /Expired/);
    expect(text).toContain('Request it again with `/deploy api prod main`');
    await click(h, card, 'deploy.approve', SAM);
    await h.slack.waitFor(() => ephemeralFor(h, SAM).includes('expired'));
  });

  it('needs two of three approvers when minApprovals is 2', async () => {
    h = await startHarness({
      configPath: testConfig((y) =>
        y.replace(
          'approvers: [U0SAM00002, U0ALEX0001], minApprovals: 2',
          'approvers: [U0SAM00002, U0ALEX0001, U0JO000003], minApprovals: 2',
        ),
      ),
    });
    const card = await requestDeploy(h, 'worker prod', ALEX);
    expect(textOf(card)).toContain('0 of 2 required, from 3 approver(s)');
    await click(h, card, 'deploy.approve', SAM);
    await cardSays(h, card, /1 of 2 required/);
    expect((await deploymentOf(h, card)).status).toBe('pending');
    await click(h, card, 'deploy.approve', JO);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
  });

  it('50 concurrent Approve clicks spread over two instances sharing one store roll out exactly once', async () => {
    h = await startHarness({ configPath: testConfig() });
    const second = await h.startAnotherBot();
    const card = await requestDeploy(h, 'api prod');
    const clicks = Array.from({ length: 50 }, (_, i) =>
      click(h, card, 'deploy.approve', SAM, i % 2 ? second.url : undefined),
    );
    const answers = await Promise.all(clicks);
    expect(answers.every((a) => a.status === 200)).toBe(true);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 20_000);
    await h.slack.waitFor(() => thread(h, card).includes('Deploy succeeded')); // posted once the end is audited
    const d = await deploymentOf(h, card);
    expect(d.approvals).toHaveLength(1);
    const created = h.cloudRun.getRevisions('api').filter((r) => String(r.name).endsWith(`api-d${d.id.slice(-6)}`));
    expect(created).toHaveLength(1);
    const audit = await h.bot.store.queryAudit({ target: `deployment:${d.id}` });
    expect(audit.filter((e) => e.action === 'deploy.succeeded')).toHaveLength(1);
    expect(audit.filter((e) => e.action === 'deploy.approve')).toHaveLength(1);
  });

  it('rolls back automatically when a canary health check fails, and the traffic is back on the stand-in', async () => {
    h = await startHarness({ configPath: testConfig() });
    const before = serving('api');
    const card = await requestDeploy(h, 'api prod');
    await click(h, card, 'deploy.approve', SAM);
    await h.slack.waitFor(() => thread(h, card).includes('Health check the tagged revision'), 10_000);
    const d = await deploymentOf(h, card);
    h.cloudRun.setHealth('api', `deploy-${d.sha.slice(0, 7)}`, 503);
    const text = await cardSays(h, card, /Rolled back automatically/);
    expect(text).toMatch(/Canary \d+% failed: health check failed twice in a row: .* answered 503, expected 200/);
    expect(serving('api')).toEqual([`100% ${d.rollbackTarget}`]);
    expect(before).toContain(`90% ${d.rollbackTarget}`);
    await h.slack.waitFor(() => thread(h, card).includes('verified on Cloud Run'));
    await h.slack.waitFor(() => thread(h, card).includes('Deploy rolled back'));
    expect((await deploymentOf(h, card)).stoppedServing).toMatchObject({
      how: 'automatic-rollback',
      by: 'system',
      to: d.rollbackTarget,
    });
    await h.slack.slashCommand({ text: '/ops status api', channel: 'ops', user: JO });
    const status = textOf(
      await h.slack.waitFor(() => h.slack.messagesIn('ops').find((m) => m.text.startsWith('Service Status: api'))),
    );
    expect(status).toContain(`\`${d.sha.slice(0, 7)}\` to prod by <@${ALEX}> · rolled back`);
    expect(status).toMatch(
      new RegExp(`:rewind: rolled back automatically at .* · \`${d.rollbackTarget}\` serves instead`),
    );
  });

  it('resumes a deploy after a restart mid-canary', async () => {
    const clock = movableClock();
    h = await startHarness({
      configPath: testConfig((y) =>
        y.replace(
          'canary: { steps: [10, 50, 100], bakeSeconds: 1 }',
          'canary: { steps: [10, 50, 100], bakeSeconds: 3 }',
        ),
      ),
      clock,
    });
    const card = await requestDeploy(h, 'api prod');
    await click(h, card, 'deploy.approve', SAM);
    await h.slack.waitFor(() => thread(h, card).includes('Health check the tagged revision'), 10_000);
    await h.restartBot({ clock });
    clock.advance(2 * 60_000); // the dead instance's lease runs out
    await h.bot.ticker.runOnce(clock.now());
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 30_000);
    expect(thread(h, card)).toContain('Resuming after a restart');
    const d = await deploymentOf(h, card);
    expect(serving('api')).toEqual([`100% ${d.revision}`]);
  });

  it('break-glass skips approval, says so loudly, and is audited', async () => {
    h = await startHarness({ configPath: testConfig() });
    const card = await requestDeploy(h, 'api prod --force "checkout is down, hotfix"', ALEX);
    expect(textOf(card)).toContain('*BREAK-GLASS* by <@U0ALEX0001>: checkout is down, hotfix');
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
    const audit = await h.bot.store.queryAudit({ target: 'service:api/prod' });
    expect(audit.find((e) => e.action === 'deploy.break-glass')?.details).toMatchObject({
      reason: 'checkout is down, hotfix',
    });
    await h.slack.slashCommand({ text: '/deploy api prod --force "me too"', channel: 'ops', user: JO });
    expect(ephemeralFor(h, JO)).toContain('Only the break-glass users');
  });

  it('refuses during a freeze window, naming it and its end', async () => {
    h = await startHarness({
      configPath: testConfig((y) =>
        y.replace('  freezes: []\n', '  freezes:\n    - { name: Year-end freeze, from: 2020-01-01, to: 2099-12-31 }\n'),
      ),
    });
    await h.slack.slashCommand({ text: '/deploy api prod', channel: 'ops', user: JO });
    await h.slack.waitFor(() => ephemeralFor(h, JO).includes('Deploys are frozen: "Year-end freeze" until'));
  });
});

describe('/deploy during an incident', () => {
  it('flags an open incident on the service in the checklist', async () => {
    h = await startHarness({ configPath: testConfig() });
    await h.slack.slashCommand({
      text: '/incident declare P2 api "Checkout is slow"',
      channel: 'incidents',
      user: SAM,
    });
    await h.slack.waitFor(() => h.slack.workspace.channels.some((c) => c.name.includes('checkout-is-slow')), 10_000);
    const card = await requestDeploy(h, 'api staging');
    expect(textOf(card)).toContain(':warning: No open incident on the service — P2 Checkout is slow');
  });
});

describe('/deploy through GitHub Actions', () => {
  it('dispatches the workflow and follows the run to its conclusion', async () => {
    h = await startHarness({ configPath: testConfig() });
    const card = await requestDeploy(h, 'web staging');
    const text = await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 20_000);
    expect(text).toContain('Approval:* not required for staging');
    expect(thread(h, card)).toMatch(/run concluded success: http/);
    expect(
      h.github.requests.some((r) => r.startsWith('POST /repos/acme/web/actions/workflows/deploy.yml/dispatches')),
    ).toBe(true);
  });
});

describe('/rollback', () => {
  it('sends 100% back to the previous revision in seconds', async () => {
    h = await startHarness({ configPath: testConfig() });
    const card = await requestDeploy(h, 'api prod --force "test"', ALEX);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/);
    const d = await deploymentOf(h, card);
    const result = await h.slack.slashCommand({ text: '/rollback api prod', channel: 'ops', user: JO });
    expect(result.elapsedMs).toBeLessThan(3000);
    const reply = await h.slack.waitFor(() =>
      h.slack.messagesIn('ops').find((m) => m.text.startsWith('Rolled back api prod')),
    );
    expect(textOf(reply)).toMatch(
      new RegExp(`100% of traffic is on \`${d.rollbackTarget}\` \\(was \`${d.revision}\`\\)`),
    );
    expect(serving('api')).toEqual([`100% ${d.rollbackTarget}`]);
    const statuses = await (
      await fetch(`${h.github.url}/repos/acme/api/deployments/${d.githubDeploymentId}/statuses`, {
        headers: { authorization: `Bearer ${h.settings.github.token}` },
      })
    ).json();
    expect((statuses as { state: string }[]).map((s) => s.state)).toContain('inactive');
  });

  it('answers bad input in the ack', async () => {
    h = await startHarness({ configPath: testConfig() });
    await h.slack.slashCommand({ text: '/rollback nope prod', channel: 'ops', user: JO });
    expect(ephemeralFor(h, JO)).toContain('Unknown service "nope"');
  });
});
