/**
 * A deploy through a crash and through a graceful shutdown, with the bot as its own process
 * (`node dist/bundle/main.js`) against the stand-ins: /deploy api prod, approved, killed while the 50 % canary
 * bakes, started again on the same data.
 *
 * - SIGKILL: the lease of the dead process runs out (5 s here), the restarted bot takes the deploy over at its
 *   next look (at most one 15 s tick) and finishes it.
 * - SIGTERM: the process hands the rollout over (the step is left running, not failed; the lease released) and
 *   exits 0 within 10 s; the restarted bot resumes at once, far inside the 60 s lease it would otherwise wait for.
 *
 * Either way: the deploy succeeds, exactly one revision was created, 100 % of traffic is on it, the thread says
 * it resumed, the audit log has the request, the approval and the success once each, and no secret is logged.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import type { SlackMessage } from '../../sandbox/slack/workspace.js';
import type { Store } from '../../src/ports/store.js';
import { ALEX, SAM, cardSays, click, idOf, requestDeploy, testConfig, thread } from '../support/deploy-helpers.js';
import { startChildBot, sleep, type ChildBot } from './child-bot.js';
import { expectNoSecrets } from './support.js';

const CANARY = 'Canary 50%';
/** The example config with 2 s bakes for api (so the kill lands mid-bake and the rest is quick). */
const config = (change: (yaml: string) => string = (y) => y): string =>
  testConfig((y) =>
    change(
      y.replace('canary: { steps: [10, 50, 100], bakeSeconds: 1 }', 'canary: { steps: [10, 50, 100], bakeSeconds: 2 }'),
    ),
  );

let bot: ChildBot | undefined;
let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  await bot?.cleanup();
  bot = undefined;
  store = undefined;
});

async function until<T>(
  probe: () => Promise<T | false | undefined> | T | false | undefined,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(25);
  }
}

const read = async (id: string): Promise<Deployment> => {
  const record = await store!.get<Deployment>(DEPLOYMENTS, id);
  if (!record) throw new Error(`no deployment ${id}`);
  return record.data;
};
const stepState = (d: Deployment, name: string) => d.steps.find((s) => s.name === name)?.state;

/** Starts the child bot with `configPath`, requests api prod as ALEX, SAM approves; returns once the 50 % canary bakes. */
async function deployUntilMidCanary(
  configPath: string,
): Promise<{ bot: ChildBot; card: SlackMessage; id: string; before: Deployment }> {
  bot = await startChildBot({ configPath });
  store = openSqliteStore(join(bot.dataDir, 'chatops.sqlite')); // a second connection on the bot's file, for reading
  const card = await requestDeploy(bot.sandbox, 'api prod', ALEX, 'ops');
  const id = idOf(card);
  expect(id).toMatch(/^d-/);
  await click(bot.sandbox, card, 'deploy.approve', SAM);
  const before = await until(
    async () => {
      const d = await read(id);
      return stepState(d, CANARY) === 'running' && d;
    },
    20_000,
    `${CANARY} to run`,
  );
  expect(before).toMatchObject({ status: 'running', lease: { owner: expect.any(String) } });
  return { bot, card, id, before };
}

/** What must hold once the restarted bot finished the deploy. */
async function expectDeployedOnce(b: ChildBot, card: SlackMessage, id: string): Promise<void> {
  await cardSays(b.sandbox, card, /:white_check_mark: \*Deployed\*/, 30_000);
  const d = await until(
    async () => {
      const x = await read(id);
      return x.status === 'succeeded' && !x.lease && x;
    },
    5000,
    'the record to say succeeded',
  );
  expect(d.steps.map((s) => s.state)).toEqual(d.steps.map(() => 'done'));

  const revisions = b.sandbox.cloudRun
    .getRevisions('api')
    .filter((r) => String(r.name).endsWith(`/api-d${id.slice(-6)}`));
  expect(revisions, 'revisions created for this deploy').toHaveLength(1);
  expect(b.sandbox.cloudRun.getTraffic('api').filter((t) => t.percent > 0)).toEqual([
    expect.objectContaining({ revision: d.revision, percent: 100 }),
  ]);

  const replies = thread(b.sandbox, card);
  expect(replies).toContain('Resuming after a restart of the bot');
  expect(replies.match(/Resuming after a restart/g)).toHaveLength(1);
  expect(
    replies.match(/:white_check_mark: Deploy revision with no traffic/g),
    'the revision step ran once',
  ).toHaveLength(1);
  expect(replies).not.toMatch(/:x: |Rolled back/);
  await until(() => thread(b.sandbox, card).includes('Deploy succeeded'), 5000, 'the final report');

  const audit = (await store!.queryAudit({ target: `deployment:${id}` })).map((e) => e.action);
  expect(audit.filter((a) => a === 'deploy.approve')).toHaveLength(1);
  expect(audit.filter((a) => a === 'deploy.succeeded')).toHaveLength(1);
  expect(audit.filter((a) => a.startsWith('deploy.') && !['deploy.approve', 'deploy.succeeded'].includes(a))).toEqual(
    [],
  );
  const requests = (await store!.queryAudit({ target: 'service:api/prod' })).filter(
    (e) => (e.details as { deploymentId?: string }).deploymentId === id,
  );
  expect(requests.map((e) => e.action)).toEqual(['deploy.request']);

  expect(
    b.logs.filter((line) =>
      /"severity":"(ERROR|CRITICAL|ALERT|EMERGENCY)"|rollout stopped by an unexpected error/.test(line),
    ),
  ).toEqual([]);
  expectNoSecrets({ slack: b.sandbox.slack, settings: b.sandbox.settings, logs: b.logs });
}

describe('a deploy through a crash and a graceful shutdown of the bot process', () => {
  it('SIGKILL mid-canary: the restarted bot takes the deploy over when the lease ran out, and finishes it', async () => {
    const {
      bot: b,
      card,
      id,
      before,
    } = await deployUntilMidCanary(config((y) => y.replace('leaseSeconds: 60', 'leaseSeconds: 5')));
    await b.server.stop('SIGKILL');
    const dead = await read(id);
    expect(stepState(dead, CANARY), 'the step stays running, as the crash left it').toBe('running');
    expect(dead.lease?.owner, 'the dead instance still holds the lease').toBe(before.lease?.owner);

    const restarting = performance.now();
    await b.restart();
    await until(
      () => thread(b.sandbox, card).includes('Resuming after a restart'),
      30_000,
      'the restarted bot to resume the deploy',
    );
    const resumedMs = performance.now() - restarting;
    expect(resumedMs).toBeLessThan(25_000); // 5 s lease + at most one 15 s tick + the start
    expect(thread(b.sandbox, card)).toContain(`Resuming after a restart of the bot, from ${CANARY}`);
    await expectDeployedOnce(b, card, id);
    console.info(`SIGKILL: resumed ${Math.round(resumedMs)} ms after the restart began`);
  }, 60_000);

  it('SIGTERM mid-canary: exits 0 within 10 s having released the lease; the restarted bot resumes at once and finishes', async () => {
    const { bot: b, card, id, before } = await deployUntilMidCanary(config()); // the default 60 s lease
    expect(Date.parse(before.lease!.until) - Date.now()).toBeGreaterThan(30_000);
    const signalled = performance.now();
    b.server.child.kill('SIGTERM');
    const exit = await b.server.exited;
    const exitMs = exit.at - signalled;
    expect(exit.code).toBe(0);
    expect(exitMs).toBeLessThan(10_000);

    const handedOver = await read(id);
    expect(handedOver.status).toBe('running');
    expect(handedOver.lease, 'the lease is released').toBeUndefined();
    expect(stepState(handedOver, CANARY), 'the shutdown does not fail the step').toBe('running');
    expect(handedOver.steps.some((s) => s.state === 'failed')).toBe(false);
    expect(b.logs.some((line) => line.includes('shutting down: handed the rollout over'))).toBe(true);
    expect(thread(b.sandbox, card), 'the thread says so before the process exits').toContain(
      `:pause_button: The bot is restarting: this deploy pauses at ${CANARY}`,
    );
    const split = b.sandbox.cloudRun.getTraffic('api').filter((t) => t.percent > 0);
    expect(split).toContainEqual(expect.objectContaining({ revision: handedOver.revision, percent: 50 })); // nothing rolled back

    const restarting = performance.now();
    await b.restart();
    await until(
      () => thread(b.sandbox, card).includes('Resuming after a restart'),
      10_000,
      'the restarted bot to resume the deploy',
    );
    const resumedMs = performance.now() - restarting;
    expect(resumedMs).toBeLessThan(10_000); // not the 60 s lease, nor the 15 s tick: at start
    await expectDeployedOnce(b, card, id);
    console.info(
      `SIGTERM: exited in ${Math.round(exitMs)} ms; resumed ${Math.round(resumedMs)} ms after the restart began`,
    );
  }, 60_000);
});
