import type { DeployArtifact } from '../../domain/deploy-gates.js';
import { stopOf, type Deployment, type PlanCheck } from '../../domain/deployment.js';
import { formatDuration } from '../../domain/format.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { recentDeploysOf } from './serving.js';
import { resolveTarget, type DeployTarget } from './target.js';

/**
 * The promotion gate (`environments.<env>.requires`): a commit deploys to this environment only after a deploy of
 * it succeeded in `succeededIn` and served there, not rolled back, for `soakMinutes`. Without `--force` a commit
 * that has not is refused; with it (break-glass) the checklist says what was skipped.
 */
export interface PromotionCheck {
  check?: PlanCheck;
  /** The image the gate's deploy put in place, by digest where Cloud Run reports one: the deploy uses it. */
  artifact?: DeployArtifact;
}

type Verdict = { pass: true; deploy: Deployment; ago: number } | { pass: false; missing: string; next: string };

export async function checkPromotion(
  ctx: WorkflowContext,
  target: DeployTarget,
  sha: string,
  now: Date,
  forced: boolean,
): Promise<PromotionCheck> {
  const gate = target.env.requires;
  if (!gate) return {};
  const from = gate.succeededIn;
  const name = `Succeeded in ${from}`;
  const deploys = (await recentDeploysOf(ctx, target.service, from, 50)).filter((d) => d.sha === sha);
  const verdict = judge(
    deploys,
    gate.soakMinutes * 60_000,
    now,
    `/deploy ${target.service} ${from} ${sha.slice(0, 7)}`,
  );
  if (verdict.pass) {
    const source = resolveTarget(ctx.config, target.service, from);
    const artifact =
      target.rollout.strategy === 'cloud-run' && verdict.deploy.revision
        ? await artifactOf(ctx, source, verdict.deploy.revision, verdict.deploy.id, false)
        : undefined;
    return {
      check: { name, mark: 'pass', detail: `${formatDuration(verdict.ago)} ago (deploy ${verdict.deploy.id})` },
      ...(artifact ? { artifact } : {}),
    };
  }
  if (!forced)
    throw new Refusal(
      `${target.service} ${target.environment} takes only commits that succeeded in ${from} and served there for ${formatDuration(gate.soakMinutes * 60_000)}: ${sha.slice(0, 7)} ${verdict.missing}. ${verdict.next}, or use --force "reason" (break-glass).`,
    );
  return { check: { name, mark: 'warn', detail: `forced past it: ${sha.slice(0, 7)} ${verdict.missing}` } };
}

function judge(deploys: Deployment[], soakMs: number, now: Date, redeploy: string): Verdict {
  let soaking: { deploy: Deployment; served: number } | undefined;
  for (const d of deploys) {
    if (d.status !== 'succeeded' || !d.finishedAt) continue;
    const stop = stopOf(d);
    if (stop && stop.how !== 'superseded') continue;
    const served = (stop ? Date.parse(stop.at) : now.getTime()) - Date.parse(d.finishedAt);
    if (served >= soakMs) return { pass: true, deploy: d, ago: now.getTime() - Date.parse(d.finishedAt) };
    if (!stop && !soaking) soaking = { deploy: d, served };
  }
  if (soaking)
    return {
      pass: false,
      missing: `succeeded there ${formatDuration(soaking.served)} ago (deploy ${soaking.deploy.id}); ${formatDuration(soakMs - soaking.served)} of its soak left`,
      next: `Try again in ${formatDuration(soakMs - soaking.served)}`,
    };
  const latest = deploys[0];
  if (!latest)
    return { pass: false, missing: 'has not been deployed there', next: `Deploy it there first: ${redeploy}` };
  const stop = stopOf(latest);
  const state =
    latest.status === 'succeeded' && stop
      ? `was rolled back there${stop.reason ? ` (${stop.reason.split('\n')[0]!.slice(0, 200)})` : ''}`
      : latest.status === 'pending' || latest.status === 'approved' || latest.status === 'running'
        ? `is still being deployed there (${latest.status})`
        : `did not succeed there (${latest.status.replace('_', ' ')})`;
  return {
    pass: false,
    missing: `${state}, deploy ${latest.id}`,
    next: `Fix it and deploy it there again: ${redeploy}`,
  };
}

/**
 * What a revision of `source` runs: by digest where Cloud Run reports one (the same artifact, not a tag that may
 * have moved). `byTag`: return the tag when no digest is reported (a promotion takes exactly what serves).
 */
export async function artifactOf(
  ctx: WorkflowContext,
  source: DeployTarget,
  revision: string,
  deployId: string | undefined,
  byTag: boolean,
): Promise<DeployArtifact | undefined> {
  const revisions = await ctx.runtime.listRevisions(source.location).catch(() => undefined);
  const found = revisions?.find((r) => r.name === revision);
  if (!found?.image || (!found.imageDigest && !byTag)) return undefined;
  return {
    image: found.image,
    ...(found.imageDigest ? { digest: found.imageDigest } : {}),
    from: { environment: source.environment, revision, ...(deployId ? { deployId } : {}) },
  };
}
