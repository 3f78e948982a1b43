import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import { RISK_CHECK_LIMITS } from '../../src/workflows/deploy/risk.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { ALEX, planCards, testConfig } from '../support/deploy-helpers.js';

let h: Harness;
afterEach(async () => h?.stop());

/** 4,009 characters of folders the glob below has to try at every level; the file name never matches. */
const hostilePath = (i: number): string => `${'db/migrations/'.repeat(286)}${i}.txt`;

describe('/deploy of a branch with hostile paths', () => {
  it('keeps acking other commands while the plan matches them against riskPaths, and says how many files it checked', async () => {
    h = await startHarness({
      configPath: testConfig((y) =>
        y.replace('migrations: ["migrations/**", "**/*.sql"]', 'migrations: ["**/db/**/migrations/**/*.sql"]'),
      ),
    });
    // What is live, so the plan compares the new commit against it.
    const live = h.github.resolve('acme', 'api', 'main')!;
    const now = Date.now();
    const lastGood: Deployment = {
      id: 'd-20260101-bbbbbb',
      service: 'api',
      environment: 'prod',
      ref: live,
      sha: live,
      strategy: 'cloud-run',
      status: 'succeeded',
      requestedBy: ALEX,
      requestedAt: new Date(now - 3_600_000).toISOString(),
      startedAt: new Date(now - 3_500_000).toISOString(),
      finishedAt: new Date(now - 3_400_000).toISOString(),
      approvers: [],
      requiredApprovals: 0,
      approvals: [],
      steps: [],
    };
    await h.bot.store.create(DEPLOYMENTS, lastGood.id, lastGood);
    const files = [...Array.from({ length: 30 }, (_, i) => hostilePath(i)), 'db/v2/migrations/001.sql'];
    h.github.pushCommit('acme', 'api', {
      message: 'Many long paths',
      author: 'mallory',
      date: new Date(now - 60_000),
      files: files.map((filename) => ({ filename, additions: 1, deletions: 0 })),
    });

    const deploy = await h.slack.slashCommand({ text: '/deploy api prod', channel: 'ops', user: ALEX });
    expect(deploy.ok).toBe(true);
    // One /ops help after another until the plan is posted: each must be acked in time (the stand-in, like
    // Slack, fails an ack after 3 s), so none may wait behind the matching.
    let helps = 0;
    while (planCards(h).length === 0 && helps < 5000) {
      const help = await h.slack.slashCommand({ text: '/ops help', channel: 'ops', user: ALEX });
      expect(help.error).toBeUndefined();
      helps += 1;
    }
    const card = textOf(planCards(h)[0]);
    const checked = Math.floor(RISK_CHECK_LIMITS.characters / hostilePath(0).length);
    expect(card).toContain(`checked the first ${checked} files of 31 against deploy.riskPaths`);
    expect(card).not.toContain('touches migrations'); // the matching file is past the cap
    expect(card).not.toContain('db/migrations/db/migrations/db/migrations/db/migrations/db/migrations/db/migrations/');
  });
});
