import type { TrafficTarget } from '../../ports/runtime-platform.js';
import type { Rollout } from './runner.js';
import type { DeployTarget } from './target.js';

/** What the canary is compared with: the revision serving the rest of the traffic, or a fresh one of the stable image. */
export interface Baseline {
  revision?: string;
  fresh: boolean;
}

/**
 * With `analysis.baseline: fresh-revision`, a new revision of the stable image (the previous revision's) is created
 * before the canary's, so the canary's stays the service's template. Safe to repeat: an existing one is reused, and
 * once the canary revision exists none is created (that would make the stable image the template again); the
 * rest of the traffic is the baseline then.
 */
export async function prepareBaseline(
  rollout: Rollout,
  target: DeployTarget,
  previous: string | undefined,
): Promise<Baseline> {
  const analysis = target.rollout.analysis;
  const rest: Baseline = { ...(previous ? { revision: previous } : {}), fresh: false };
  if (!analysis?.enabled || analysis.baseline !== 'fresh-revision' || !previous) return rest;
  const { ctx } = rollout;
  const suffix = `d${rollout.id.slice(-6)}-base`;
  const name = `${target.location.service}-${suffix}`;
  const revisions = await ctx.runtime.listRevisions(target.location);
  if (revisions.some((r) => r.name === name)) return { revision: name, fresh: true };
  const stable = revisions.find((r) => r.name === previous);
  const canaryDeployed = rollout.deployment.steps[1]?.state === 'done';
  if (!stable || canaryDeployed) return rest;
  rollout.checkpoint();
  await ctx.runtime.deployRevision(target.location, {
    image: stable.image,
    revisionSuffix: suffix,
    tag: `baseline-${rollout.id.slice(-6)}`,
  });
  return { revision: name, fresh: true };
}

/** The split of a canary step: 10 % canary, 10 % fresh baseline, 80 % stable; or the canary and the rest. */
export function canarySplit(
  revision: string,
  percent: number,
  tag: string,
  previous: string | undefined,
  baseline: Baseline,
): TrafficTarget[] {
  const targets: TrafficTarget[] = [{ revision, percent, tag }];
  if (percent >= 100 || !previous) return targets;
  const share = baseline.fresh && baseline.revision ? Math.min(percent, 100 - percent) : 0;
  if (share > 0) targets.push({ revision: baseline.revision!, percent: share });
  if (100 - percent - share > 0) targets.push({ revision: previous, percent: 100 - percent - share });
  return targets;
}
