import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment, type DeploymentStatus } from '../../src/domain/deployment.js';
import { ALEX, JO, SAM, testClock } from '../deploy-locks/support.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

const clock = testClock('2026-11-24T10:00:00.000Z');
let h: Harness;

/** A recorded deploy of api, `n` hours before the clock, that took `minutes` (when it ran). */
function deploy(n: number, environment: string, status: DeploymentStatus, extra: Partial<Deployment> = {}): Deployment {
  const requestedAt = new Date(Date.parse('2026-11-24T10:00:00.000Z') - n * 3600_000);
  const ran = ['succeeded', 'failed', 'rolled_back'].includes(status);
  return {
    id: `d-hist-${String(n).padStart(2, '0')}`,
    service: 'api',
    environment,
    ref: 'main',
    sha: `${String(n).padStart(2, '0')}abcdef0123456789`,
    commitTitle: `Change number ${n}`,
    strategy: 'cloud-run',
    status,
    requestedBy: n % 2 ? SAM : ALEX,
    requestedAt: requestedAt.toISOString(),
    approvers: [SAM, ALEX],
    requiredApprovals: 1,
    approvals: [],
    steps: [],
    ...(ran
      ? {
          startedAt: new Date(requestedAt.getTime() + 60_000).toISOString(),
          finishedAt: new Date(requestedAt.getTime() + 60_000 + (4 * 60 + 12) * 1000).toISOString(),
        }
      : {}),
    ...extra,
  };
}

beforeAll(async () => {
  h = await startHarness({ clock });
  const records: Deployment[] = [];
  for (let n = 1; n <= 12; n += 1) records.push(deploy(n, 'prod', 'succeeded'));
  records.push(
    deploy(0.5, 'prod', 'failed', {
      id: 'd-hist-failed',
      sha: 'fa11ed0123456789',
      commitTitle: 'Cache checkout sessions',
      error: 'Canary 10% health check failed: /healthz answered 503\nat step 2',
    }),
    deploy(0.25, 'prod', 'rejected', {
      id: 'd-hist-rejected',
      sha: 'ba5eba11c0ffee00',
      commitTitle: 'Drop the orders.legacy column',
      rejection: { user: SAM, at: '2026-11-24T09:50:00.000Z', reason: 'Migration not reviewed' },
    }),
    deploy(0.1, 'prod', 'running', {
      id: 'd-hist-running',
      sha: 'c0ffee1234567890',
      ref: 'hotfix/checkout',
      commitTitle: 'Fix checkout <500> & retry',
      startedAt: '2026-11-24T09:55:00.000Z',
      forced: { user: ALEX, reason: 'checkout outage' },
      approvals: [{ user: SAM, at: '2026-11-24T09:54:00.000Z' }],
    }),
    deploy(2.5, 'staging', 'succeeded', { id: 'd-hist-staging', sha: '5ca1ab1e00000000', ref: 'feature/login' }),
  );
  for (const record of records) await h.bot.store.create(DEPLOYMENTS, record.id, record);
});
afterAll(async () => {
  await h?.stop();
});

async function history(text: string, user = JO) {
  const before = h.slack.workspace.messages.length;
  const result = await h.slack.slashCommand({ text, channel: 'deploys', user });
  expect(result.ok).toBe(true);
  expect(result.elapsedMs).toBeLessThan(3000);
  return h.slack.waitFor(() =>
    h.slack.workspace.messages.slice(before).find((m) => !m.ephemeral || m.visibleTo === user),
  );
}

describe('/deploy history', () => {
  it('posts the last 10 deploys of one environment, newest first, with who, what, when, how long and the outcome', async () => {
    const report = await history('/deploy history api prod');
    expect(report.ephemeral).toBeFalsy();
    const text = textOf(report);
    expect(text).toContain('Deploy History: api → prod');
    const sections = (report.blocks as { type: string; text?: { text: string } }[])
      .filter((b) => b.type === 'section')
      .map((b) => b.text!.text);
    expect(sections).toHaveLength(10);
    expect(sections[0]).toBe(
      [
        ':arrows_counterclockwise: Rolling out · `c0ffee1` (`hotfix/checkout`) — Fix checkout &lt;500&gt; &amp; retry',
        'by <@U0SAM00002> · 2026-11-24 10:54 Europe/Berlin · running for 5m',
        'approved by <@U0SAM00002>',
        ':rotating_light: break-glass by <@U0ALEX0001>: checkout outage',
      ].join('\n'),
    );
    expect(sections[1]).toBe(
      ':no_entry_sign: Rejected · `ba5eba1` (`main`) — Drop the orders.legacy column\nby <@U0SAM00002> · 2026-11-24 10:45 Europe/Berlin · not started\nrejected by <@U0SAM00002>: Migration not reviewed',
    );
    expect(sections[2]).toBe(
      ':x: Failed · `fa11ed0` (`main`) — Cache checkout sessions\nby <@U0SAM00002> · 2026-11-24 10:30 Europe/Berlin · took 4m 12s\nwhy: Canary 10% health check failed: /healthz answered 503',
    );
    expect(sections[3]).toBe(
      ':white_check_mark: Succeeded · `01abcde` (`main`) — Change number 1\nby <@U0SAM00002> · 2026-11-24 10:00 Europe/Berlin · took 4m 12s',
    );
    expect(sections[9]).toContain('`07abcde`');
    expect(text).not.toContain('`08abcde`'); // the 11th and older are left out
    expect(text).not.toContain('feature/login'); // staging
    expect(text).toContain(
      'Last 10 deploys, newest first · times in Europe/Berlin · `/deploy api prod` to deploy · `/rollback api prod` to roll back',
    );
  });

  it('without an environment, merges every environment and names each', async () => {
    const text = textOf(await history('/deploy history api'));
    expect(text).toContain('Deploy History: api\n');
    expect(text).toContain(':white_check_mark: Succeeded → *staging* · `5ca1ab1` (`feature/login`)');
    expect(text).toContain(':white_check_mark: Succeeded → *prod* · `01abcde`');
    expect(text).not.toContain('`07abcde`'); // staging took one of the 10 places
  });

  it('says when nothing is recorded yet', async () => {
    const text = textOf(await history('/deploy history worker prod'));
    expect(text).toContain('No deploys of *worker → prod* are recorded yet.');
    expect(text).toContain('Last 0 deploys');
  });
});

describe('bad input gets an ephemeral usage message in the ack', () => {
  it.each([
    ['/deploy history', 'Name the service, e.g. `/deploy history api prod`.'],
    ['/deploy history nope', 'Unknown service "nope". Known services: api, web, worker.'],
    ['/deploy history api qa', 'Unknown environment "qa" for api. Known environments: staging, prod.'],
    ['/deploy history api prod extra', '`/deploy history` takes a service and at most one environment, got 3 words.'],
  ])('%s', async (text, expected) => {
    const reply = await history(text);
    expect(reply).toMatchObject({ ephemeral: true, visibleTo: JO });
    expect(textOf(reply)).toContain(expected);
    expect(textOf(reply)).toContain('/deploy history &lt;service&gt; [env]'); // escaped: Slack reads < as markup
  });
});
