import type { DeployTarget } from './target.js';

/**
 * What each step costs besides its bakes and waits: API calls, store writes, the health probes of a bake.
 * Measured against the stand-ins (test/e2e/deploy-estimate.test.ts logs it): 30–310 ms a step, 110 ms on
 * average over the seven cloud-run steps and 50 ms over the four github-actions ones, so 0.1 s.
 */
export const STEP_OVERHEAD_SECONDS = 0.1;

/** The github-actions rollout waits this long before it first looks for the dispatched run. */
export const FIRST_RUN_POLL_MS = 1000;

/** How the estimate was made: from this service and environment's past deploys, or from the steps alone. */
export type EstimateBasis = 'history' | 'steps';

/**
 * With no successful deploy to go by: the bakes (cloud-run) or the first poll for the run (github-actions),
 * plus the measured overhead of each step. A workflow run's own time is not known before it has run once.
 */
export function estimateFromSteps(target: DeployTarget, steps: number): number {
  const waits = target.rollout.strategy === 'github-actions' ? FIRST_RUN_POLL_MS / 1000 : target.rollout.canary.steps.length * target.rollout.canary.bakeSeconds;
  return Math.round((waits + steps * STEP_OVERHEAD_SECONDS) * 10) / 10;
}
