/**
 * The sandbox's demo of a failing canary (issue 10, part 5; issue 13): api's branch `demo-failing-canary` builds a
 * revision that passes its health checks but answers 12 % of its traffic with 5xx, so the canary analysis on Cloud
 * Monitoring metrics fails the 10 % step and `/deploy api staging demo-failing-canary` shows the automatic rollback,
 * with nothing set up by hand.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FAILING_BRANCH, demoFailingCommitSha } from '../../sandbox/demo-github.js';
import { cardSays, deploymentOf, requestDeploy, testConfig, thread } from '../support/deploy-helpers.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

const serving = (service: string) =>
  h.cloudRun
    .getTraffic(service)
    .filter((t) => t.percent > 0)
    .map((t) => `${t.percent}% ${t.revision}`);

describe('demo: a commit whose canary fails', () => {
  it('is a branch of acme/api, one commit on top of main', async () => {
    h = await startHarness();
    const get = async (path: string) =>
      (await (
        await fetch(`${h.github.url}/repos/acme/api/${path}`, {
          headers: { authorization: `token ${h.settings.github.token}` },
        })
      ).json()) as { sha: string; parents: { sha: string }[] };
    const [main, branch] = [await get('commits/main'), await get(`commits/${DEMO_FAILING_BRANCH}`)];
    expect(branch.sha).toBe(demoFailingCommitSha());
    expect(branch.parents.map((p) => p.sha)).toEqual([main.sha]);
  });

  it('/deploy api staging demo-failing-canary passes the tagged check, fails the analysis at 10 %, and is rolled back automatically', async () => {
    h = await startHarness({ configPath: testConfig() });
    const before = serving('api');
    const card = await requestDeploy(h, `api staging ${DEMO_FAILING_BRANCH}`, 'U0JO000003', 'deploys-staging');
    const text = await cardSays(h, card, /Rolled back automatically|rolled back/i, 30_000);
    const d = await deploymentOf(h, card);
    expect(d.sha).toBe(demoFailingCommitSha());
    expect(d.status).toBe('rolled_back');
    expect(text).toMatch(/Canary 10% failed: canary analysis failed: 5xx rate \d+(\.\d+)? % is above the maximum 5 %/);
    expect(thread(h, card)).toMatch(/Health check the tagged revision/);
    expect(serving('api')).toEqual([`100% ${d.rollbackTarget}`]);
    expect(before).toContain(`90% ${d.rollbackTarget}`);
    await h.slack.waitFor(() => thread(h, card).includes('verified on Cloud Run'));
  });
});
