import type { CloudRunStandin } from './cloud-run-standin.js';
import { DEMO_SLOW_COMMIT } from './github/demo-canary-commits.js';
import { commitSha } from './github/model.js';
import { demoImage } from './demo-cloud.js';
import { DEMO_OWNER, demoCommitShas, demoFailingCommitSha } from './demo-github.js';

/**
 * The canary analysis demos: how the revisions of two api commits answer real traffic, as Cloud Monitoring reports
 * it. The commit of `demo-failing-canary` answers 12 % of requests with 5xx (its health check still passes), so the
 * analysis fails the 10 % step; the commit of `demo-slow-canary` is about 15 % slower and healthy, so the
 * latency numbers differ and the canary passes.
 */
export const DEMO_SLOW_BRANCH = 'demo-slow-canary';

export function demoSlowCommitSha(): string {
  const main = demoCommitShas('api').at(-1) ?? null;
  return commitSha(DEMO_OWNER, 'api', main, DEMO_SLOW_COMMIT[0], DEMO_SLOW_COMMIT[1]);
}

export const DEMO_ERROR_RATE = 0.12;

export function applyDemoLoad(cloudRun: CloudRunStandin): void {
  cloudRun.load.setProfile(demoImage('api', demoFailingCommitSha()), { errorRate: DEMO_ERROR_RATE });
  cloudRun.load.setProfile(demoImage('api', demoSlowCommitSha()), { medianMs: 68 });
}
