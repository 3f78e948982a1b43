import { DEPLOYMENTS, liveOf, wentLiveAt, type Deployment } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { previousDeploys } from './queries.js';
import { recentDeploysOf } from './serving.js';
import type { DeployTarget } from './target.js';

/** What a rollback will do, read before it acts: the approval card shows it, and it is read again when it runs. */
export interface RollbackPlan {
  strategy: 'cloud-run' | 'github-actions';
  /** The revision (cloud-run) or ref (github-actions) it returns to. */
  to: string;
  from?: string;
}

/** A takeover after an earlier attempt began: the target already serving 100% is that move having landed; `from` is what served before. */
export type Resumed = { from?: string };

/** Where a rollback goes (the named revision or ref, else the previous one) and what serves now; changes nothing. */
export async function planRollback(
  ctx: WorkflowContext,
  target: DeployTarget,
  to?: string,
  resumed?: Resumed,
  expectFrom?: string,
): Promise<RollbackPlan> {
  return target.rollout.strategy === 'github-actions'
    ? planActions(ctx, target, to)
    : planCloudRun(ctx, target, to, resumed, expectFrom);
}

async function planCloudRun(
  ctx: WorkflowContext,
  target: DeployTarget,
  to?: string,
  resumed?: Resumed,
  expectFrom?: string,
): Promise<RollbackPlan> {
  const service = await ctx.runtime.getService(target.location);
  const current =
    [...service.traffic].sort((a, b) => b.percent - a.percent)[0]?.revision ?? service.latestReadyRevision ?? undefined;
  if (expectFrom && current !== expectFrom && !resumed)
    throw new Refusal(
      `This button is out of date: \`${current ?? 'no revision'}\` serves ${target.service} ${target.environment} now, not \`${expectFrom}\`. Nothing was changed; check \`/ops status ${target.service}\`.`,
    );
  const revisions = await ctx.runtime.listRevisions(target.location);
  let destination = to;
  if (destination) {
    const named = revisions.find(
      (r) => r.name === destination || r.name === `${target.location.service}-${destination}`,
    );
    if (!named)
      throw new Refusal(
        `No revision "${destination}" in ${target.location.service}. Recent: ${revisions
          .slice(0, 5)
          .map((r) => r.name)
          .join(', ')}.`,
      );
    if (!named.ready) throw new Refusal(`Revision ${named.name} is not ready, so it cannot take traffic.`);
    destination = named.name;
  } else {
    destination =
      (await deployThatMade(ctx, target, current))?.rollbackTarget ??
      revisions.find(
        (r) =>
          r.ready &&
          r.name !== current &&
          (!current || r.createTime < (revisions.find((x) => x.name === current)?.createTime ?? new Date())),
      )?.name;
    if (!destination)
      throw new Refusal(`There is no earlier ready revision of ${target.location.service} to roll back to.`);
  }
  if (destination === current && service.traffic.length === 1) {
    // Resumed: the stopped instance's move landed; moving it again is harmless and verifies it.
    if (resumed) return { strategy: 'cloud-run', to: destination, ...(resumed.from ? { from: resumed.from } : {}) };
    throw new Refusal(`${destination} already serves 100% of ${target.service} ${target.environment}.`);
  }
  return { strategy: 'cloud-run', to: destination, from: current };
}

async function planActions(ctx: WorkflowContext, target: DeployTarget, to?: string): Promise<RollbackPlan> {
  if (!target.rollout.workflow)
    throw new Refusal(`No workflow configured for ${target.service}: set services.${target.service}.rollout.workflow.`);
  // What serves by the records, and the commit it replaced: a deploy already rolled back is not rolled back again.
  const deploys = await recentDeploysOf(ctx, target.service, target.environment);
  const live = liveOf(deploys);
  const earlier =
    live && deploys.find((d) => d.status === 'succeeded' && d.sha !== live.sha && wentLiveAt(d) < wentLiveAt(live));
  const ref =
    to ??
    live?.rollbackTarget ??
    earlier?.sha ??
    (live ? undefined : (await previousDeploys(ctx, target.service, target.environment)).lastGood?.sha);
  if (!ref)
    throw new Refusal(
      `No earlier successful deploy of ${target.service} ${target.environment} is recorded; name the ref: /rollback ${target.service} ${target.environment} <ref>.`,
    );
  return { strategy: 'github-actions', to: ref, ...(live ? { from: live.sha } : {}) };
}

/** The bot's deploy that made a revision (cloud-run) or deployed a ref (github-actions), when it did. */
export async function deployThatMade(
  ctx: WorkflowContext,
  target: DeployTarget,
  made: string | undefined,
): Promise<Deployment | undefined> {
  if (!made) return undefined;
  const deploys = await ctx.store.list<Deployment>(DEPLOYMENTS, {
    where: { service: target.service, environment: target.environment },
    orderBy: { field: 'requestedAt', direction: 'desc' },
    limit: 30,
  });
  return deploys.map((r) => r.data).find((d) => d.revision === made || d.sha === made);
}
