import type { DeployArtifact } from '../../domain/deploy-gates.js';
import { servedAs } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { artifactOf } from './promotion-gate.js';
import { requestDeploy, type DeployRequest } from './plan.js';
import { recentDeploysOf } from './serving.js';
import { resolveTarget } from './target.js';

/** `/deploy promote <service> [from] [to]`: the defaults, when not named. */
export const PROMOTE_DEFAULTS = { from: 'staging', to: 'prod' } as const;

/**
 * Plans `to` with exactly what serves in `from`: the commit of the deploy that made the serving revision, and
 * (cloud-run) that revision's image, by digest where Cloud Run reports it. Everything else is a deploy's plan as
 * usual: the gates, approvals, checklist and rollout of `to`.
 */
export async function requestPromotion(
  ctx: WorkflowContext,
  request: Omit<DeployRequest, 'environment' | 'ref' | 'artifact'> & { from: string; to: string },
) {
  const { service, from, to } = request;
  if (from === to) throw new Refusal(`Promote from one environment to another: both are ${from}.`);
  const source = resolveTarget(ctx.config, service, from);
  const target = resolveTarget(ctx.config, service, to);
  const deploys = await recentDeploysOf(ctx, service, from, 50);
  let serving: string | undefined;
  if (source.rollout.strategy === 'cloud-run') {
    const runtime = await ctx.runtime.getService(source.location);
    const top = [...runtime.traffic].sort((a, b) => b.percent - a.percent)[0];
    serving = top?.revision ?? runtime.latestReadyRevision ?? undefined;
    if (!serving) throw new Refusal(`Nothing serves ${service} ${from} on Cloud Run, so there is nothing to promote.`);
  }
  const made = serving
    ? deploys.find((d) => servedAs(d) === serving && d.status === 'succeeded')
    : deploys.find((d) => d.status === 'succeeded' && !d.stoppedServing);
  if (!made)
    throw new Refusal(
      serving
        ? `${service} ${from} serves \`${serving}\`, which no successful deploy of the bot made, so its commit is unknown. Deploy a commit there with /deploy ${service} ${from} <ref> first.`
        : `No successful deploy of ${service} ${from} serves now; deploy one with /deploy ${service} ${from} first.`,
    );
  let artifact: DeployArtifact | undefined;
  if (serving && target.rollout.strategy === 'cloud-run')
    artifact = await artifactOf(ctx, source, serving, made.id, true);
  if (serving && target.rollout.strategy === 'cloud-run' && !artifact)
    throw new Refusal(
      `Could not read the image of \`${serving}\` (${service} ${from}) from Cloud Run; nothing was planned. Try again in a minute.`,
    );
  return requestDeploy(ctx, {
    service,
    environment: to,
    ref: made.sha,
    actor: request.actor,
    ...(request.force !== undefined ? { force: request.force } : {}),
    ...(artifact ? { artifact } : {}),
  });
}
