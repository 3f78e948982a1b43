import { afterEach, describe, expect, it } from 'vitest';
import { ROLLBACK_REQUESTS, type RollbackRequest } from '../../src/domain/rollback.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { JO, SAM, cardSays, movableClock, testConfig, thread } from '../support/deploy-helpers.js';

const KIM = 'U0KIM00004'; // in the workspace, approver of nothing
const SERVICE = '/v2/projects/demo-project/locations/europe-west1/services/api';
const PATCH = new RegExp(`^PATCH ${SERVICE}$`);
const OPERATION = /^GET \/v2\/projects\/demo-project\/locations\/europe-west1\/operations\//;

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

const serving = () =>
  h.cloudRun
    .getTraffic('api')
    .filter((t) => t.percent > 0)
    .map((t) => `${t.percent}% ${t.revision}`);
const patches = () => h.cloudRun.requests.filter((r) => PATCH.test(r)).length;
const rollbackAudits = async () =>
  (await h.bot.store.queryAudit({ target: 'service:api/prod' })).filter((e) => e.action === 'rollback');
const recordOf = async (id: string) => (await h.bot.store.get<RollbackRequest>(ROLLBACK_REQUESTS, id))!.data;
const click = (card: { channel: string; ts: string }, user: string, id: string) =>
  h.slack.clickAction({ channel: card.channel, messageTs: card.ts, actionId: 'rollback.approve', value: id, user });
const repliesMatching = (card: { channel: string; ts: string }, text: string) =>
  h.slack.messagesIn(card.channel).filter((m) => m.threadTs === card.ts && textOf(m).includes(text)).length;

/** Until `release()`, Cloud Run takes no answer for the traffic update (`landed: false`), or applies it and never finishes its operation (`landed: true`). */
function hangTrafficUpdate(landed: boolean): { release(): void } {
  let hanging = true;
  const take = h.cloudRun.faults.take.bind(h.cloudRun.faults);
  h.cloudRun.faults.take = (key) =>
    hanging && (landed ? OPERATION : PATCH).test(key) ? { kind: 'timeout', ms: 10_000 } : take(key);
  return { release: () => void (hanging = false) };
}

/** A request approved by Sam and Jo (the completing click) while the traffic update hangs; then the bot crashes. */
async function approveThenCrash(clock: ReturnType<typeof movableClock>, landed: boolean) {
  h = await startHarness({ configPath: approvalConfig(), clock });
  h.slack.workspace.users.push({ id: KIM, name: 'kim', realName: 'Kim Berg' });
  await h.slack.slashCommand({ text: '/rollback api prod', channel: 'ops', user: KIM });
  const card = await h.slack.waitFor(
    () => h.slack.messagesIn('deploys').find((m) => m.text.startsWith('Rollback Request:') && !m.threadTs),
    10_000,
  );
  const id = /rollback `(rb-[0-9a-f-]+)`/.exec(textOf(card))![1]!;
  const to = (await recordOf(id)).to;
  await click(card, SAM, id);
  await cardSays(h, card, /\(1 of 2\)/);
  const hang = hangTrafficUpdate(landed);
  await click(card, JO, id);
  await h.slack.waitFor(() => (landed ? h.cloudRun.requests.some((r) => OPERATION.test(r)) : patches() > 0), 10_000);
  await cardSays(h, card, /\*Approved\*, rolling back/);
  const lease = (await recordOf(id)).lease!;
  expect(lease.owner).toBeTruthy();
  expect(Date.parse(lease.until) - clock.now().getTime()).toBeGreaterThan(50_000); // deploy.leaseSeconds: 60
  await h.restartBot({ clock });
  hang.release();
  return { card, id, to };
}

describe('an approved rollback is never lost to a restart', () => {
  it('the bot crashes inside the traffic update: after the lease runs out the restarted bot resumes it, once', async () => {
    const clock = movableClock();
    const { card, id, to } = await approveThenCrash(clock, false);
    expect(serving()).not.toEqual([`100% ${to}`]);

    await h.bot.ticker.runOnce(clock.now()); // the lease is still live: nothing yet
    expect((await recordOf(id)).status).toBe('running');
    expect(repliesMatching(card, 'Resumed after a restart')).toBe(0);

    clock.advance(2 * 60_000); // the crashed instance's lease runs out
    await h.bot.ticker.runOnce(clock.now());
    await cardSays(h, card, /:white_check_mark: \*Rolled back\*/);
    await h.slack.waitFor(() => thread(h, card).includes('Rolled back api → prod'));
    expect(thread(h, card)).toMatch(/Resumed after a restart of the bot[^\n]*\n[\s\S]*Rolled back api → prod/);
    expect(thread(h, card)).toContain(`100% of traffic is on \`${to}\``);
    expect(serving()).toEqual([`100% ${to}`]);
    const r = await recordOf(id);
    expect(r).toMatchObject({ status: 'succeeded', resumes: 1, audited: true });
    expect(r.lease).toBeUndefined();
    const audits = await rollbackAudits();
    expect(audits).toHaveLength(1);
    expect(audits[0]).toMatchObject({ actor: KIM, details: { requestId: id, approvedBy: [SAM, JO], resumed: 1 } });

    clock.advance(5 * 60_000);
    await h.bot.ticker.runOnce(clock.now()); // finished: nothing runs again
    expect(repliesMatching(card, 'Resumed after a restart')).toBe(1);
    expect(repliesMatching(card, 'Rolled back api → prod')).toBe(1);
    expect(await rollbackAudits()).toHaveLength(1);
  }, 30_000);

  it('the move landed before the crash; two instances run the job: one takes it over, reports it once, audits it once', async () => {
    const clock = movableClock();
    const { card, id, to } = await approveThenCrash(clock, true);
    await h.slack.waitFor(() => serving().join() === `100% ${to}`); // landed (the operation completes in 50 ms), never confirmed to the bot
    const second = await h.startAnotherBot({ clock });

    clock.advance(2 * 60_000);
    const patchesBefore = patches();
    await Promise.all([h.bot.ticker.runOnce(clock.now()), second.ticker.runOnce(clock.now())]);
    await cardSays(h, card, /:white_check_mark: \*Rolled back\*/);
    await h.slack.waitFor(() => thread(h, card).includes('Rolled back api → prod'));
    await Promise.all([h.bot.ticker.runOnce(clock.now()), second.ticker.runOnce(clock.now())]);

    expect(repliesMatching(card, 'Resumed after a restart')).toBe(1);
    expect(repliesMatching(card, 'Rolled back api → prod')).toBe(1);
    expect(patches() - patchesBefore).toBe(0); // already 100% on the target: nothing to change, read back and verified
    expect(serving()).toEqual([`100% ${to}`]);
    expect(await recordOf(id)).toMatchObject({ status: 'succeeded', resumes: 1, audited: true });
    expect(await rollbackAudits()).toHaveLength(1);
  }, 30_000);

  it('a crash after the rollback was audited but before the record said so: the takeover does not audit it again', async () => {
    const clock = movableClock();
    const { card, id, to } = await approveThenCrash(clock, true);
    const written = await h.bot.store.appendAudit({
      actor: KIM,
      action: 'rollback',
      target: 'service:api/prod',
      details: { requestId: id, to },
    }); // as the crashed instance left it
    clock.advance(2 * 60_000);
    await h.bot.ticker.runOnce(clock.now());
    await cardSays(h, card, /:white_check_mark: \*Rolled back\*/);
    expect(await recordOf(id)).toMatchObject({ status: 'succeeded', audited: true });
    expect((await rollbackAudits()).map((e) => e.id)).toEqual([written.id]);
  }, 30_000);
});
