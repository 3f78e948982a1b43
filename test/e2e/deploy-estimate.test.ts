import { afterEach, describe, expect, it } from 'vitest';
import type { Deployment } from '../../src/domain/deployment.js';
import { STEP_OVERHEAD_SECONDS } from '../../src/workflows/deploy/estimate.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { cardSays, deploymentOf, requestDeploy, thread } from '../support/deploy-helpers.js';

/**
 * Issue 10: the plan's estimated duration against the rollout's actual one, both as the deploy record holds
 * them (plan.estimateSeconds; startedAt → finishedAt). No wall clock is read here.
 */

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const seconds = (d: Deployment): number => (Date.parse(d.finishedAt!) - Date.parse(d.startedAt!)) / 1000;

async function deploy(harness: Harness, what: string): Promise<Deployment> {
  const card = await requestDeploy(harness, what, undefined, 'ops');
  await cardSays(harness, card, /:white_check_mark: \*Deployed\*/, 40_000);
  await harness.slack.waitFor(() => thread(harness, card).includes('Deploy succeeded'), 10_000);
  return deploymentOf(harness, card);
}

/** The time the rollout spent waiting on purpose: the bakes, or the first poll for the workflow run. */
const waits = (d: Deployment): number =>
  d.strategy === 'github-actions' ? 1 : d.steps.filter((s) => s.name.startsWith('Canary')).length * 5; // chatops.example.yml: 5 s bakes

describe('estimated duration with no history: the steps (bakes and waits) plus the measured overhead per step', () => {
  /**
   * The sandbox's own config (5 s bakes). The bakes and waits do not depend on the machine; the per-step
   * overhead does (0.01–0.17 s a step on an idle machine). On a loaded machine (7 engineers on 2 cores) a
   * 1.2 s github-actions rollout can take twice as long, which says nothing about the estimate. So a rollout
   * whose measured overhead per step is above 3× the constant ran on a stalled machine: it is measured again
   * on a fresh bot (no history, so the estimate is again from the steps), up to three times; three stalled runs
   * skip the case (a loaded machine is not a wrong estimate), an idle run that is off fails it.
   */
  it.for(['api staging', 'web staging', 'worker staging'])(
    '%s: within ±30 percent of the actual duration',
    { timeout: 120_000 },
    async (what: string, { skip }) => {
      let last = '';
      let stalled = false;
      for (let attempt = 1; attempt <= 3; attempt += 1) {
        h = await startHarness();
        const d = await deploy(h, what);
        await h.stop();
        h = undefined;
        expect(d.plan?.estimateBasis).toBe('steps');
        const actual = seconds(d);
        const estimate = d.plan!.estimateSeconds;
        const overheadPerStep = (actual - waits(d)) / d.steps.length;
        last = `${what}: estimated ${estimate}s, took ${actual}s (${overheadPerStep.toFixed(3)}s overhead a step, attempt ${attempt})`;
        if (Math.abs(estimate - actual) <= 0.3 * actual) return;
        stalled = overheadPerStep > 3 * STEP_OVERHEAD_SECONDS[d.strategy];
        if (!stalled) break; // an idle machine, and still off: the estimate is wrong
      }
      // Three stalled runs say nothing about the estimate either way: reported as skipped, never as a failure.
      if (stalled) skip(`the machine stalled every rollout; ${last}`);
      expect.fail(last);
    },
  );
});

describe('estimated duration with history', () => {
  it("is the median of this service and environment's past successful deploys' actual durations", async () => {
    h = await startHarness();
    const durations: number[] = [];
    for (let i = 0; i < 3; i += 1) durations.push(seconds(await deploy(h, 'web staging')));
    const card = await requestDeploy(h, 'web staging', undefined, 'ops');
    const d = await deploymentOf(h, card);
    const median = [...durations].sort((a, b) => a - b)[1]!;
    expect(d.plan?.estimateBasis).toBe('history');
    expect(Math.abs(d.plan!.estimateSeconds - median)).toBeLessThanOrEqual(0.05 + 1e-9); // the plan keeps tenths of a second
    expect(textOf(card)).toContain('(median of past deploys)');
    // Another environment has no history of its own.
    expect((await deploymentOf(h, await requestDeploy(h, 'web prod', undefined, 'ops'))).plan?.estimateBasis).toBe(
      'steps',
    );
  }, 60_000);
});
