/**
 * Backend faults in GitHub, on real user paths: `/deploy` reading the ref, the CI checks and the comparison
 * with what is live, and the GitHub Actions dispatch of an approved rollout. Persistent 500s, 429 with
 * Retry-After and no answer at all: bounded requests, a short message saying what failed and what to do, the
 * ack inside 3 s, and nothing half-recorded (no deploy, no audit entry, no second dispatch). Each group of
 * rows has its own harness, so the groups run side by side.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import type { Fault } from '../../sandbox/faults.js';
import { demoCommitShas } from '../../sandbox/demo-github.js';
import { textOf } from '../support/harness.js';
import { ALEX, cardSays, planCards, testConfig } from '../support/deploy-helpers.js';
import {
  ATTEMPTS,
  ATTEMPT_TIMEOUT_S,
  auditActions,
  command,
  count,
  expectClear,
  session,
  type Session,
} from './fault-support.js';

const sessions: Session[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});
async function open(configure?: (yaml: string) => string): Promise<Session> {
  const s = await session({ configPath: testConfig(configure) });
  sessions.push(s);
  return s;
}

const E500: Fault = { kind: 'status', status: 500 };
const E429: Fault = { kind: 'rate-limit', retryAfterSeconds: 1 };
const HANG: Fault = { kind: 'timeout', ms: 20_000 };
const deploysOf = async (s: Session, service: string): Promise<Deployment[]> =>
  (await s.h.bot.store.list<Deployment>(DEPLOYMENTS, { where: { service } })).map((r) => r.data);

// The groups run side by side, each on its own harness.
describe.concurrent('GitHub faults', () => {
  describe('/deploy reading the ref from GitHub', () => {
    const CASES = [
      {
        name: 'HTTP 500 every time',
        ref: 'main',
        fault: E500,
        says: /^GitHub failed: GitHub is unavailable \(HTTP 500\); try again in a minute\. Nothing was changed\.$/m,
      },
      {
        name: '429 with Retry-After: 1 every time',
        ref: 'v1.4.1',
        fault: E429,
        says: /^GitHub failed: GitHub rate limit reached; retry in 1s\. Nothing was changed\.$/m,
      },
      {
        name: 'no answer (timeout) every time',
        ref: 'v1.4.0',
        fault: HANG,
        says: new RegExp(
          `^GitHub failed: GitHub did not answer within ${ATTEMPT_TIMEOUT_S}s for acme/api\\. Nothing was changed; try again in a minute\\.$`,
          'm',
        ),
      },
    ];

    it('fails cleanly: bounded requests, a clear message, no deploy recorded; then the same command works', async () => {
      const s = await open();
      const path = (ref: string) => new RegExp(`^GET /repos/acme/api/commits/${ref.replaceAll('.', '\\.')}$`);
      for (const c of CASES) s.h.github.faults.inject(path(c.ref), c.fault, 100);
      const answers = await Promise.all(
        CASES.map((c) => command(s, '/deploy', `api staging ${c.ref}`, { timeoutMs: 25_000 })),
      );
      answers.forEach((answer, i) => {
        const c = CASES[i]!;
        expectClear(answer);
        expect(answer.text, c.name).toMatch(c.says);
        expect(count(s.h.github.requests, path(c.ref)), `${c.name}: requests for the ref`).toBe(ATTEMPTS);
      });
      expect(answers[1]!.ms, 'Retry-After honoured').toBeGreaterThanOrEqual(1000);
      expect(answers[2]!.ms, 'gave up after its attempts').toBeLessThan(ATTEMPTS * ATTEMPT_TIMEOUT_S * 1000 + 3000);
      // Nothing half-done: no record, no audit entry, no plan card, nothing asked of GitHub beyond the ref.
      expect(await deploysOf(s, 'api')).toEqual([]);
      expect(await auditActions(s.h)).toEqual([]);
      expect(planCards(s.h, 'deploys-staging')).toEqual([]);
      expect(s.h.github.requests.filter((r) => !/\/commits\/(main|v1\.4\.[01])$/.test(r))).toEqual([]);

      s.h.github.faults.clear();
      const again = await command(s, '/deploy', 'api staging main');
      expect(again.text).toMatch(/Deployment plan d-[0-9a-f-]+ posted in/);
      expect((await deploysOf(s, 'api')).length).toBe(1);
    }, 40_000);
  });

  describe('/deploy reading the CI checks and the changes', () => {
    it('CI checks unreadable (500 every time): the plan shows them as unknown; required checks that cannot be read refuse the deploy', async () => {
      // worker requires "build", which passes on its commits once GitHub answers.
      const s = await open((y) =>
        y.replace(
          'canary: { steps: [50, 100], bakeSeconds: 1 } }',
          'canary: { steps: [50, 100], bakeSeconds: 1 }, requiredContexts: [build] }',
        ),
      );
      const checks = (repo: string) => new RegExp(`^GET /repos/acme/${repo}/commits/[0-9a-f]{40}/(status|check-runs)$`);
      s.h.github.faults.inject(checks('api'), E500, 100);
      s.h.github.faults.inject(checks('worker'), E500, 100);

      const [api, worker] = await Promise.all([
        command(s, '/deploy', 'api prod'),
        command(s, '/deploy', 'worker staging'),
      ]);
      expectClear(api);
      expect(api.text).toMatch(/Deployment plan d-[0-9a-f-]+ posted in/);
      const card = textOf(planCards(s.h, 'deploys').at(-1));
      expect(card).toContain(
        ':warning: CI checks passing — unknown, could not be read: GitHub is unavailable (HTTP 500); try again in a minute',
      );
      expect(card).toContain('Waiting for approval'); // an approver sees the unknown before deciding
      expect(count(s.h.github.requests, checks('api')), 'status and check-runs, each tried twice').toBe(2 * ATTEMPTS);

      expectClear(worker);
      expect(worker.text).toMatch(
        /^The required checks \(build\) on [0-9a-f]{7} could not be read \(GitHub is unavailable \(HTTP 500\); try again in a minute\)\. Nothing was recorded: request the deploy again once GitHub answers, or use --force "reason" \(break-glass\)\.$/m,
      );
      expect(count(s.h.github.requests, checks('worker'))).toBe(2 * ATTEMPTS);
      expect(await deploysOf(s, 'worker')).toEqual([]);
      expect((await auditActions(s.h)).filter((a) => a === 'deploy.request')).toHaveLength(1); // api's only

      s.h.github.faults.clear();
      const again = await command(s, '/deploy', 'worker staging');
      expect(again.text).toMatch(/Deployment plan d-[0-9a-f-]+ posted in/);
      const workerCard = planCards(s.h, 'deploys-staging').at(-1)!;
      expect(textOf(workerCard)).toContain(':white_check_mark: Required: build — success');
      await cardSays(s.h, workerCard, /\*Deployed\*/, 20_000);
    }, 40_000);

    it('the comparison with what is live unreadable (500 every time): the plan says the changes are unknown, not "first deploy", and counts it in the risk', async () => {
      const s = await open();
      const live = demoCommitShas('api')[2]!; // before the migration commit
      const now = new Date();
      const lastGood: Deployment = {
        id: 'd-20260101-aaaaaa',
        service: 'api',
        environment: 'prod',
        ref: live,
        sha: live,
        strategy: 'cloud-run',
        status: 'succeeded',
        requestedBy: ALEX,
        requestedAt: new Date(now.getTime() - 3_600_000).toISOString(),
        startedAt: new Date(now.getTime() - 3_500_000).toISOString(),
        finishedAt: new Date(now.getTime() - 3_400_000).toISOString(),
        approvers: [],
        requiredApprovals: 0,
        approvals: [],
        steps: [],
      };
      await s.h.bot.store.create(DEPLOYMENTS, lastGood.id, lastGood);
      const compare = /^GET \/repos\/acme\/api\/compare\//;
      s.h.github.faults.inject(compare, E500, 100);
      const answer = await command(s, '/deploy', 'api prod');
      expectClear(answer);
      const card = textOf(planCards(s.h, 'deploys').at(-1));
      expect(card).toContain(
        `:warning: *Changes:* unknown, the comparison with \`${live.slice(0, 7)}\` could not be read (GitHub is unavailable (HTTP 500); try again in a minute). Review the diff on GitHub before approving.`,
      );
      expect(card).toMatch(/\*Risk\*\n\*medium\*: production environment; the changes could not be read from GitHub/);
      expect(count(s.h.github.requests, compare)).toBe(ATTEMPTS);

      s.h.github.faults.clear();
      await command(s, '/deploy', 'api prod');
      const recovered = textOf(planCards(s.h, 'deploys').at(-1));
      expect(recovered).toMatch(/\*Changes:\* 7 commit\(s\) ahead of `[0-9a-f]{7}`/);
      expect(recovered).toMatch(/\*Risk\*\n\*high\*: production environment; touches migrations/);
    });
  });

  describe('the GitHub Actions dispatch of an approved rollout (web staging)', () => {
    const DISPATCH = /^POST \/repos\/acme\/web\/actions\/workflows\/deploy\.yml\/dispatches$/;
    const CASES = [
      {
        name: 'HTTP 500 every time: not repeated, since GitHub may have started a run',
        fault: E500,
        requests: 1,
        why: /Dispatch deploy\.yml failed: GitHub is unavailable \(HTTP 500\); it is not known whether GitHub started a run of deploy\.yml: check GitHub Actions before deploying again/,
      },
      {
        name: '429 with Retry-After: 1 every time: refused, so tried again once after 1 s',
        fault: E429,
        requests: ATTEMPTS,
        why: /Dispatch deploy\.yml failed: GitHub rate limit reached; retry in 1s/,
      },
      {
        name: 'no answer every time: not repeated',
        fault: HANG,
        requests: 1,
        why: new RegExp(
          `Dispatch deploy\\.yml failed: GitHub did not answer within ${ATTEMPT_TIMEOUT_S}s for acme/web; it is not known whether GitHub started a run of deploy\\.yml: check GitHub Actions`,
        ),
      },
    ];

    it('each fault ends the deploy as failed, says why and what to check, with the GitHub deployment marked failed; then a deploy runs through', async () => {
      const s = await open();
      for (const c of CASES) {
        const before = {
          dispatches: count(s.h.github.requests, DISPATCH),
          cards: planCards(s.h, 'deploys-staging').length,
        };
        s.h.github.faults.inject(DISPATCH, c.fault, 100);
        const answer = await command(s, '/deploy', 'web staging');
        expectClear(answer);
        const card = await s.h.slack.waitFor(() => planCards(s.h, 'deploys-staging')[before.cards], 5000);
        const text = await cardSays(s.h, card, /:x: \*Failed\*/, 15_000);
        expect(text, c.name).toMatch(c.why);
        s.h.github.faults.clear();
        const report = await s.h.slack.waitFor(
          () =>
            s.h.slack
              .messagesIn('deploys-staging')
              .find((m) => m.threadTs === card.ts && m.text === 'web staging: failed'),
          5000,
        );
        expect(textOf(report), c.name).toMatch(c.why);
        expect(count(s.h.github.requests, DISPATCH) - before.dispatches, `${c.name}: dispatches`).toBe(c.requests);
        const d = (await deploysOf(s, 'web')).find((x) => x.message?.ts === card.ts)!;
        expect(d.status).toBe('failed');
        expect(d.lease).toBeUndefined();
        expect((await s.h.bot.store.queryAudit({ target: `deployment:${d.id}` })).map((e) => e.action)).toEqual([
          'deploy.failed',
        ]);
        // GitHub's deployment record went in_progress, then failure.
        await s.h.slack.waitFor(
          () =>
            count(
              s.h.github.requests,
              new RegExp(`^POST /repos/acme/web/deployments/${d.githubDeploymentId}/statuses$`),
            ) === 2,
          5000,
        );
      }
      const ok = await command(s, '/deploy', 'web staging');
      expectClear(ok);
      const card = planCards(s.h, 'deploys-staging').at(-1)!;
      await cardSays(s.h, card, /\*Deployed\*/, 20_000);
      expect(count(s.h.github.requests, DISPATCH)).toBe(1 + ATTEMPTS + 1 + 1);
    }, 45_000);
  });
});
