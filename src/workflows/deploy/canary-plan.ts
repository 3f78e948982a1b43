import type { DeployTarget } from './target.js';

/** How the canary analysis verifies a rollout, in words, for the plan's Verification section. */
export function canaryVerification(target: DeployTarget): string[] {
  const a = target.rollout.analysis;
  if (target.rollout.strategy !== 'cloud-run' || !a?.enabled) return [];
  const baseline =
    a.baseline === 'fresh-revision' ? 'a fresh baseline revision of the stable image' : 'the rest of the traffic';
  return [
    `error rate within bounds: 5xx at most ${a.maxErrorRatePercent} % and not ${a.errorRateFactor}× the baseline's (${baseline}; Cloud Monitoring, each step)`,
    `latency within bounds: p99 at most ${a.maxP99Ratio}× the baseline's; Mann-Whitney U at ${a.statistics.confidence * 100} % confidence with ${a.statistics.minPoints}+ points`,
  ];
}
