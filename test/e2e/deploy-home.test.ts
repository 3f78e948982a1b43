import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import { LOCKS, lockId, type DeployLock } from '../../src/domain/lock.js';
import { ALEX, JO, SAM, testClock } from '../deploy-locks/support.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

const NOW = '2026-11-24T10:00:00.000Z';
let h: Harness;
afterEach(async () => h?.stop());

function deployment(id: string, extra: Partial<Deployment>): Deployment {
  return {
    id,
    service: 'api',
    environment: 'prod',
    ref: 'main',
    sha: `${id.slice(2)}00000000000000`, // d-a1 → a100000…
    strategy: 'cloud-run',
    status: 'pending',
    requestedBy: JO,
    requestedAt: '2026-11-24T09:50:00.000Z',
    expiresAt: '2026-11-24T10:20:00.000Z',
    approvers: [ALEX, SAM],
    requiredApprovals: 1,
    approvals: [],
    steps: [],
    ...extra,
  };
}

async function seed(h: Harness): Promise<void> {
  const plan = h.slack.userMessage({
    channel: 'deploys',
    text: 'Deployment Plan: api → prod (stands in for the plan card)',
    user: ALEX,
  })!;
  const records: Deployment[] = [
    deployment('d-a1', { requestedBy: ALEX, message: { channel: plan.channel, ts: plan.ts } }), // ALEX's own: SAM may approve
    deployment('d-b2', {
      service: 'web',
      approvals: [{ user: SAM, at: '2026-11-24T09:55:00.000Z' }],
      requiredApprovals: 2,
    }), // SAM approved already
    deployment('d-c3', { service: 'worker', expiresAt: '2026-11-24T09:59:00.000Z' }), // expired, not yet marked
    deployment('d-d4', { environment: 'staging', approvers: [SAM] }), // ALEX is no approver
    deployment('d-e5', {
      status: 'running',
      environment: 'staging',
      startedAt: '2026-11-24T09:57:00.000Z',
      steps: [
        { name: 'Deploy revision', state: 'done' },
        { name: 'Canary 50%', state: 'running' },
        { name: 'Canary 100%', state: 'pending' },
      ],
    }),
    deployment('d-f6', { status: 'approved', service: 'worker' }),
    deployment('d-0a', { status: 'succeeded', service: 'web' }),
  ];
  for (const record of records) await h.bot.store.create(DEPLOYMENTS, record.id, record);
  await h.bot.store.create<DeployLock>(LOCKS, lockId('worker', 'prod', 'INC-9'), {
    service: 'worker',
    environment: 'prod',
    holder: 'incident:INC-9',
    reason: 'P1 queue backlog',
    createdAt: NOW,
    expiresAt: null,
  });
  await h.bot.store.create<DeployLock>(LOCKS, lockId('web', 'staging'), {
    service: 'web',
    environment: 'staging',
    holder: SAM,
    reason: 'old',
    createdAt: '2026-11-24T08:00:00.000Z',
    expiresAt: '2026-11-24T09:00:00.000Z',
  }); // expired
}

async function home(user: string): Promise<string> {
  h.slack.workspace.homeViews.delete(user);
  const answer = await h.slack.openHome(user);
  expect(answer.status).toBe(200);
  const view = await h.slack.waitFor(() => h.slack.workspace.homeViews.get(user));
  expect(view.type).toBe('home');
  return textOf({ text: '', blocks: view.blocks as unknown[] });
}

/** One list of the Home tab: from its title to the next title (titles are the only lines starting with "*"). */
function section(text: string, title: string): string {
  const start = text.indexOf(title);
  const next = text.indexOf('\n*', start + title.length);
  return text.slice(start, next === -1 ? undefined : next);
}

describe('App Home', () => {
  it('shows each user the approvals waiting for them, the deploys in flight and the active locks', async () => {
    h = await startHarness({ clock: testClock(NOW) });
    await seed(h);
    await h.slack.slashCommand({ text: '/deploy lock api prod --for 2h db migration', channel: 'ops', user: SAM });

    const sam = await home(SAM);
    const waiting = section(sam, '*Approvals waiting for you*');
    expect(waiting).toContain('*Approvals waiting for you* (2)');
    expect(waiting).toMatch(
      /\*api → prod\* `a1000+` \(`main`\) requested by <@U0ALEX0001>\n0 of 1 approvals · expires 2026-11-24 11:20 Europe\/Berlin · <http:\/\/127\.0\.0\.1:\d+\/archives\/C\w+\/p\d+\|Open the plan>/,
    );
    expect(waiting).toContain('*api → staging* `d4000');
    expect(waiting).not.toContain('web'); // approved already
    expect(waiting).not.toContain('worker'); // expired

    const flight = section(sam, '*Deploys in flight*');
    expect(flight).toContain('*Deploys in flight* (2)');
    expect(flight).toContain(':arrows_counterclockwise: Rolling out *api → staging* `e5000');
    expect(flight).toContain('running for 3m · step 2/3: Canary 50%');
    expect(flight).toContain(':arrow_forward: Approved, starting *worker → prod* `f6000');
    expect(flight).not.toContain('`0a000'); // finished

    const live = section(sam, '*What is live*');
    expect(live).toContain(
      ':large_green_circle: *web → prod* `0a00000` by <@U0JO000003> · live since 2026-11-24 10:50 Europe/Berlin',
    );
    expect(live).not.toContain('api → prod'); // only plans there, none reached traffic

    const locks = section(sam, '*Active locks*');
    expect(locks).toContain('*Active locks* (2)');
    expect(locks).toContain(
      ':lock: *api prod* held by <@U0SAM00002> until 2026-11-24 13:00 Europe/Berlin: db migration',
    );
    expect(locks).toContain(':lock: *worker prod* held by incident INC-9 until it is resolved: P1 queue backlog');
    expect(locks).not.toContain('web staging'); // expired

    const alex = section(await home(ALEX), '*Approvals waiting for you*');
    expect(alex).toContain('(1)');
    expect(alex).toContain('*web → prod* `b2000'); // 1 of 2: SAM approved, ALEX may still
    expect(alex).toContain('1 of 2 approvals');
    expect(alex).not.toContain('a1000'); // their own request: no self-approval

    expect(section(await home(JO), '*Approvals waiting for you*')).toContain('Nothing is waiting for your approval.');
  });

  it('lists a user their own request when deploy.allowSelfApproval is on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chatops-home-'));
    const configPath = join(dir, 'chatops.yml');
    writeFileSync(
      configPath,
      readFileSync('chatops.example.yml', 'utf8').replace('allowSelfApproval: false', 'allowSelfApproval: true'),
    );
    h = await startHarness({ clock: testClock(NOW), configPath });
    await seed(h);
    const alex = section(await home(ALEX), '*Approvals waiting for you*');
    expect(alex).toContain('(2)');
    expect(alex).toContain('*api → prod* `a1000');
  });

  it('shows empty lists plainly', async () => {
    h = await startHarness({ clock: testClock(NOW) });
    const text = await home(JO);
    expect(text).toContain('Nothing is waiting for your approval.');
    expect(text).toContain('No deploy is rolling out.');
    expect(text).toContain('No service is locked.');
    expect(text).toContain('As of 2026-11-24 11:00 Europe/Berlin');
  });
});
