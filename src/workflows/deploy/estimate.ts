import type { DeployTarget } from './target.js';

/**
 * What each step costs besides its bakes and waits (API calls, store writes, a bake's health probes), in seconds.
 * Measured against the stand-ins from the steps' recorded times (test/e2e/deploy-estimate.test.ts reports them):
 * a cloud-run step 0.11–0.17 s on average over its seven steps (creating the revision and the probes of a bake
 * cost most), a github-actions step 0.01–0.05 s over its four.
 */
export const STEP_OVERHEAD_SECONDS = { 'cloud-run': 0.12, 'github-actions': 0.03 } as const;

/** The github-actions rollout waits this long before it first looks for the dispatched run. */
export const FIRST_RUN_POLL_MS = 1000;

/** How the estimate was made: from this service and environment's past deploys, or from the steps alone. */
export type EstimateBasis = 'history' | 'steps';

/**
 * With no successful deploy to go by: the bakes (cloud-run) or the first poll for the run (github-actions),
 * plus the measured overhead of each step. A workflow run's own time is not known before it has run once.
 */
export function estimateFromSteps(target: DeployTarget, steps: number): number {
  const waits =
    target.rollout.strategy === 'github-actions'
      ? FIRST_RUN_POLL_MS / 1000
      : target.rollout.canary.steps.length * target.rollout.canary.bakeSeconds;
  return Math.round((waits + steps * STEP_OVERHEAD_SECONDS[target.rollout.strategy]) * 10) / 10;
}
