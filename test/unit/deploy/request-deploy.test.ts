import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKS, lockId } from '../../../src/domain/lock.js';
import { createUnitContext, exampleConfig, type UnitContext } from '../../support/unit-context.js';
import { ALEX, JO, SAM, seedDemo } from '../../support/unit-demo.js';
import { refusalOf } from '../../support/refusal-words.js';
import { allDeploys, markSucceeded, recordOf, request } from './support.js';

const NOW = '2026-11-24T10:00:00.000Z'; // a Tuesday, 11:00 in Berlin
const API = { owner: 'acme', repo: 'api' };
const API_PROD = { project: 'demo-project', region: 'europe-west1', service: 'api' };
let u: UnitContext;

beforeEach(async () => {
  u = await createUnitContext();
  u.clock.set(NOW);
  seedDemo(u);
});
afterEach(() => u.close());

describe('requestDeploy: the plan it records', () => {
  it('api prod: a pending plan for the approvers, the canary steps, the rollback plan, audited', async () => {
    const d = await request(u, { service: 'api', environment: 'prod', actor: ALEX });
    expect(await recordOf(u, d.id)).toEqual(d);
    expect(d).toMatchObject({
      service: 'api',
      environment: 'prod',
      ref: 'main',
      commitTitle: 'Initial api',
      strategy: 'cloud-run',
      status: 'pending',
      requestedBy: ALEX,
      requestedAt: NOW,
      expiresAt: '2026-11-24T10:30:00.000Z',
      approvers: [ALEX, SAM], // @sre-team resolved, U0SAM00002 once
      requiredApprovals: 1,
      approvals: [],
      rollbackTarget: 'api-00001-abc',
    });
    expect(d.id).toMatch(/^d-20261124-[0-9a-f]{6}$/);
    expect(d.steps.map((s) => `${s.name}: ${s.state}`)).toEqual([
      'Create GitHub deployment: pending',
      'Deploy revision with no traffic: pending',
      'Health check the tagged revision: pending',
      'Canary 10%: pending',
      'Canary 50%: pending',
      'Canary 100%: pending',
      'Verify: pending',
    ]);
    expect(d.plan).toMatchObject({
      risk: { level: 'medium', reasons: ['production environment'] },
      estimateSeconds: 15.8, // three 5 s bakes and seven steps of 0.12 s
      estimateBasis: 'steps',
    });
    expect(d.plan?.changes).toBeUndefined();
    expect(d.plan?.checks.map((c) => `${c.mark} ${c.name}: ${c.detail}`)).toEqual([
      'pass CI checks passing: 1 passed',
      'pass No open incident on the service: none open',
      'pass No lock: not locked',
      'pass No freeze window: outside every freeze window',
      'pass Traffic as the bot recorded it: 100% api-00001-abc (no deploy recorded by the bot)',
    ]);
    expect(await u.audit()).toMatchObject([
      {
        actor: ALEX,
        action: 'deploy.request',
        target: 'service:api/prod',
        details: { deploymentId: d.id, ref: 'main', sha: d.sha },
      },
    ]);
  });

  it('staging needs no approval: approved at once, with no expiry', async () => {
    const d = await request(u, { service: 'api', environment: 'staging', actor: JO });
    expect(d).toMatchObject({ status: 'approved', requiredApprovals: 0 });
    expect(d.expiresAt).toBeUndefined();
    expect(d.plan?.risk).toEqual({ level: 'low', reasons: ['small change, non-production'] });
  });

  it('compares against what serves: the changes, their risk, and the median of past durations', async () => {
    const first = await request(u, { service: 'api', environment: 'prod', actor: ALEX });
    await markSucceeded(u, first.id, 'api-00002-new', 42);
    await u.runtime.deployRevision(API_PROD, { image: 'img', revisionSuffix: '00002-new', tag: 'x' });
    await u.runtime.setTraffic(API_PROD, [{ revision: 'api-00002-new', percent: 100 }]);
    const next = u.sourceControl.addCommit(API, { title: 'Add column', author: 'lee', files: ['migrations/002.sql'] });
    const d = await request(u, { service: 'api', environment: 'prod', actor: ALEX });
    expect(d.sha).toBe(next.sha);
    expect(d.plan).toMatchObject({
      baseSha: first.sha,
      changes: { aheadBy: 1, authors: ['lee'], files: 1 },
      risk: { level: 'high', reasons: ['production environment', 'touches migrations (migrations/002.sql)'] },
      estimateSeconds: 42,
      estimateBasis: 'history',
    });
    expect(d.rollbackTarget).toBe('api-00002-new');
  });

  it('github-actions: the workflow steps, and the last good sha as the rollback plan', async () => {
    const d = await request(u, { service: 'web', environment: 'staging', actor: JO });
    expect(d.strategy).toBe('github-actions');
    expect(d.steps.map((s) => s.name)).toEqual([
      'Create GitHub deployment',
      'Dispatch deploy.yml',
      'Follow the run',
      'Verify',
    ]);
    expect(d.plan?.verification).toEqual(['the workflow run concludes with success']);
    expect(u.runtime.log.count('getService')).toBe(0);
  });

  it('goes on without Cloud Run when it cannot be read, and says the changes are unknown when GitHub cannot compare', async () => {
    const first = await request(u, { service: 'api', environment: 'staging', actor: JO });
    await markSucceeded(u, first.id, 'api-00002-new', 30);
    u.sourceControl.addCommit(API, { title: 'Next' });
    u.runtime.log.fail('getService', 'unavailable');
    u.sourceControl.log.fail('compare', 'timeout');
    const d = await request(u, { service: 'api', environment: 'staging', actor: JO });
    expect(d.rollbackTarget).toBeUndefined();
    expect(d.plan?.changesUnknown).toMatch(/compare: timeout/);
    expect(d.plan?.risk.reasons).toContain('the changes could not be read from GitHub, so what they touch is unknown');
  });

  it('break-glass skips approval, records who and why, and audits it as break-glass', async () => {
    const d = await request(u, { service: 'api', environment: 'prod', actor: ALEX, force: 'checkout is down' });
    expect(d).toMatchObject({
      status: 'approved',
      requiredApprovals: 0,
      forced: { user: ALEX, reason: 'checkout is down' },
    });
    const audit = (await u.audit()).map((e) => [e.action, e.details.reason]);
    expect(audit).toEqual([['deploy.break-glass', 'checkout is down']]);
  });
});

describe('requestDeploy: refusals record nothing', () => {
  const refused = async (what: Parameters<typeof request>[1], says: RegExp) => {
    expect(await refusalOf(request(u, what))).toMatch(says);
    expect(await allDeploys(u)).toEqual([]);
    expect(await u.audit()).toEqual([]);
  };

  it('an unknown ref', () =>
    refused(
      { service: 'api', environment: 'prod', ref: 'nope', actor: ALEX },
      /"nope" is not a branch, tag or commit of acme\/api/,
    ));

  it('--force from someone not in deploy.breakGlass', () =>
    refused({ service: 'api', environment: 'prod', actor: SAM, force: 'hotfix' }, /Only the break-glass users/));

  it("someone else's lock, naming its holder", async () => {
    const lock = { service: 'api', environment: 'prod', holder: SAM, reason: 'db migration', createdAt: NOW };
    await u.store.create(LOCKS, lockId('api', 'prod'), { ...lock, expiresAt: '2026-11-24T11:00:00.000Z' });
    expect(await refusalOf(request(u, { service: 'api', environment: 'prod', actor: ALEX }))).toMatch(
      /Locked by <@U0SAM00002>: db migration \(until 24 Nov 2026, 12:00 Europe\/Berlin\)/,
    );
    expect(await allDeploys(u)).toEqual([]);
  });

  it('a freeze window, naming it', async () => {
    const frozen = exampleConfig({ freezes: [{ name: 'Release week', from: '2026-11-23', to: '2026-11-27' }] });
    const f = await createUnitContext({ config: frozen, clock: u.clock });
    seedDemo(f);
    expect(await refusalOf(request(f, { service: 'api', environment: 'prod', actor: ALEX }))).toMatch(
      /Deploys are frozen: "Release week"/,
    );
    expect(await allDeploys(f)).toEqual([]);
    const forced = await request(f, { service: 'api', environment: 'prod', actor: ALEX, force: 'outage fix' });
    expect(forced.plan?.checks).toContainEqual({
      name: 'No freeze window',
      mark: 'warn',
      detail: 'forced during Release week',
    });
    await f.close();
  });

  it('approvals nobody could give: worker prod needs two, and the requester is one of its two approvers', () =>
    refused(
      { service: 'worker', environment: 'prod', actor: ALEX },
      /need 2 approval\(s\), but only 1 approver\(s\) other than you/,
    ));

  it('failing required checks, and required checks that cannot be read', async () => {
    const config = exampleConfig();
    const strict = structuredClone(config);
    strict.services.api!.rollout.requiredContexts = ['ci/build'];
    const s = await createUnitContext({ config: strict, clock: u.clock });
    const head = seedDemo(s).api!;
    s.sourceControl.setChecks(head.sha, { state: 'failure', contexts: [{ name: 'ci/build', state: 'failure' }] });
    expect(await refusalOf(request(s, { service: 'api', environment: 'prod', actor: ALEX }))).toMatch(
      /Required checks are failing on [0-9a-f]{7}: Required: ci\/build\./,
    );
    s.sourceControl.log.fail('getChecks', 'unavailable');
    expect(await refusalOf(request(s, { service: 'api', environment: 'prod', actor: ALEX }))).toMatch(
      /The required checks \(ci\/build\) .* could not be read/,
    );
    expect(await allDeploys(s)).toEqual([]);
    await s.close();
  });
});
