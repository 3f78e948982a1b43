/**
 * The GitHub Deployment mirror of a rollout is created once, even when GitHub created it and the answer was
 * lost: no answer within the attempt's 8 s, a 500 after the work, a connection dropped. The bot marks the
 * record with its deploy ID and looks for it before creating again; a rollout resumed after a restart reuses the
 * record its first instance created. Each group has its own harness, so they run side by side.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/domain/deployment.js';
import type { Fault } from '../../sandbox/faults.js';
import type { DeploymentState } from '../../sandbox/github/model.js';
import type { Harness } from '../support/harness.js';
import { cardSays, deploymentOf, movableClock, requestDeploy, testConfig, thread } from '../support/deploy-helpers.js';
import { ATTEMPT_TIMEOUT_S, count, session, type Session } from './fault-support.js';

const sessions: Session[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});
async function open(options: Parameters<typeof session>[0] = {}): Promise<Session> {
  const s = await session({ configPath: testConfig(), ...options });
  sessions.push(s);
  return s;
}

const created = (fault: Fault): Fault => ({ kind: 'after-handling', fault });
const POST = (repo: string) => new RegExp(`^POST /repos/acme/${repo}/deployments$`);
const LIST = (repo: string) => new RegExp(`^GET /repos/acme/${repo}/deployments$`);
/** The stand-in's GitHub Deployments marked with this deploy's ID. */
const mirrorsOf = (h: Harness, repo: string, d: Deployment): DeploymentState[] =>
  h.github
    .repo('acme', repo)
    .deployments.filter((g) => (g.payload as { chatopsDeployId?: string } | null)?.chatopsDeployId === d.id);

async function expectOneMirror(h: Harness, repo: string, d: Deployment): Promise<void> {
  const mirrors = mirrorsOf(h, repo, d);
  expect(mirrors, `${repo}: GitHub Deployments for ${d.id}`).toHaveLength(1);
  const mirror = mirrors[0]!;
  expect(mirror).toMatchObject({ sha: d.sha, environment: d.environment, description: `${d.id} by ChatOps` });
  expect(d.githubDeploymentId).toBe(mirror.id);
  await h.slack.waitFor(() => mirror.statuses.length === 2, 5000);
  expect(mirror.statuses.map((s) => s.state)).toEqual(['in_progress', 'success']);
  expect(
    h.github.repo('acme', repo).deployments.filter((g) => g.sha === d.sha && g.environment === d.environment),
    'no unmarked one either',
  ).toHaveLength(1);
}

describe.concurrent('the GitHub Deployment mirror when GitHub loses the answer', () => {
  const CASES = [
    {
      name: 'created, then no answer: the attempt times out',
      repo: 'api',
      fault: created({ kind: 'timeout', ms: 20_000 }),
      slow: true,
    },
    { name: 'created, then HTTP 500', repo: 'worker', fault: created({ kind: 'status', status: 500 }), slow: false },
    {
      name: 'created, then the connection dropped',
      repo: 'web',
      fault: created({ kind: 'timeout', ms: 50 }),
      slow: false,
    },
  ];

  it('finds the record GitHub made and reuses it: one GitHub Deployment, in_progress → success, the deploy succeeds', async () => {
    const s = await open();
    const started = Date.now();
    for (const c of CASES) s.h.github.faults.inject(POST(c.repo), c.fault, 1);
    const cards = [];
    for (const c of CASES) cards.push(await requestDeploy(s.h, `${c.repo} staging`)); // one at a time: each finds its own card
    await Promise.all(cards.map((card) => cardSays(s.h, card, /:white_check_mark: \*Deployed\*/, 30_000)));
    for (const [i, c] of CASES.entries()) {
      const d = await deploymentOf(s.h, cards[i]!);
      expect(d.status, c.name).toBe('succeeded');
      await expectOneMirror(s.h, c.repo, d);
      expect(count(s.h.github.requests, POST(c.repo)), `${c.name}: created once, not again`).toBe(1);
      expect(count(s.h.github.requests, LIST(c.repo)), `${c.name}: looked for it once`).toBe(1);
      expect(thread(s.h, cards[i]!), c.name).toContain(`GitHub deployment #${d.githubDeploymentId}`);
    }
    expect(Date.now() - started, 'the timeout costs one attempt, not more').toBeLessThan(
      ATTEMPT_TIMEOUT_S * 1000 + 12_000,
    );
  }, 40_000);

  it('a clear refusal (422) is final: nothing is looked up or created again, the deploy goes on without a mirror', async () => {
    const s = await open();
    s.h.github.faults.inject(
      POST('worker'),
      { kind: 'status', status: 422, body: { message: 'Validation Failed' } },
      1,
    );
    const card = await requestDeploy(s.h, 'worker staging');
    await cardSays(s.h, card, /:white_check_mark: \*Deployed\*/, 20_000);
    const d = await deploymentOf(s.h, card);
    expect(d.githubDeploymentId).toBeUndefined();
    expect(count(s.h.github.requests, POST('worker'))).toBe(1);
    expect(count(s.h.github.requests, LIST('worker'))).toBe(0);
    expect(s.h.github.repo('acme', 'worker').deployments).toEqual([]);
    expect(thread(s.h, card)).toContain(
      'Create GitHub deployment failed — GitHub refused the request for acme/worker: Validation Failed',
    );
  }, 30_000);

  it('a restart while GitHub holds the answer: the resumed rollout reuses the record its first instance created', async () => {
    const clock = movableClock();
    const s = await open({ clock });
    s.h.github.faults.inject(POST('worker'), created({ kind: 'timeout', ms: 20_000 }), 1);
    const card = await requestDeploy(s.h, 'worker staging');
    let before = await deploymentOf(s.h, card);
    for (
      const deadline = Date.now() + 10_000;
      !(before.steps[0]?.state === 'running' && mirrorsOf(s.h, 'worker', before).length === 1);
    ) {
      if (Date.now() > deadline) throw new Error('the mirror was not created');
      await new Promise((resolve) => setTimeout(resolve, 20));
      before = await deploymentOf(s.h, card);
    }
    expect(before.githubDeploymentId, 'the answer never came: the record does not know the ID').toBeUndefined();

    await s.h.restartBot({ clock });
    clock.advance(2 * 60_000); // the first instance's lease runs out
    await s.h.bot.ticker.runOnce(clock.now());
    await cardSays(s.h, card, /:white_check_mark: \*Deployed\*/, 20_000);
    expect(thread(s.h, card)).toContain('Resuming after a restart');
    await expectOneMirror(s.h, 'worker', await deploymentOf(s.h, card));
    expect(count(s.h.github.requests, POST('worker')), 'created once, by the first instance').toBe(1);
  }, 30_000);
});
