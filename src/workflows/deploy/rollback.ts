import { DEPLOYMENTS, liveOf, wentLiveAt, type Deployment, type StopCause } from '../../domain/deployment.js';
import { isPortError, PortError } from '../../domain/errors.js';
import type { RollbackResult } from '../../domain/rollback.js';
import type { RuntimeService } from '../../ports/runtime-platform.js';
import type { AuditEventInput } from '../../ports/store.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { previousDeploys } from './queries.js';
import { recentDeploysOf, recordRollback } from './serving.js';
import { resolveTarget, type DeployTarget } from './target.js';

/** What a rollback will do, read before it acts: the approval card shows it, and it is read again when it runs. */
export interface RollbackPlan {
  strategy: 'cloud-run' | 'github-actions';
  /** The revision (cloud-run) or ref (github-actions) it returns to. */
  to: string;
  from?: string;
}

/** One command, seconds: all traffic back to the previous (or the named) revision; verified. No approval configured only. */
export async function rollback(
  ctx: WorkflowContext,
  input: { service: string; environment: string; to?: string; actor: string; reason?: string } & Pick<
    PerformOptions,
    'via' | 'expectFrom'
  >,
): Promise<RollbackResult> {
  const target = resolveTarget(ctx.config, input.service, input.environment);
  if (target.env.rollback.requiresApproval) {
    throw new Refusal(
      `Rollbacks of ${input.service} ${input.environment} need approval: /rollback posts a request in the environment's channel.`,
    );
  }
  const options = {
    ...(input.via ? { via: input.via } : {}),
    ...(input.expectFrom ? { expectFrom: input.expectFrom } : {}),
  };
  return performRollback(ctx, target, input.to, input.actor, input.reason ? { reason: input.reason } : {}, options);
}

/** How an approved request's execution runs the move (see rollback-execute.ts). */
export interface PerformOptions {
  /** A takeover after an earlier attempt began: the target already serving 100% is that move having landed; `from` is what served before. */
  resumed?: { from?: string };
  /** Writes the `rollback` audit entry unless it was written already; true when this call wrote it. Default: append. */
  audit?: (entry: AuditEventInput) => Promise<boolean>;
  /** Where it was asked for, as the rolled-back deploy records it. Default: /rollback. */
  via?: Extract<StopCause, 'rollback' | 'incident-card'>;
  /** Refuse unless this revision serves most traffic when the move is planned (a card's button names what it rolls back). */
  expectFrom?: string;
}

/** Plans and applies a rollback, audits it once and tells the incident feature. Throws when nothing moved (or a refusal). */
export async function performRollback(
  ctx: WorkflowContext,
  target: DeployTarget,
  to: string | undefined,
  actor: string,
  details: Record<string, unknown>,
  options: PerformOptions = {},
): Promise<RollbackResult> {
  const started = performance.now();
  const plan = await planRollback(ctx, target, to, options.resumed, options.expectFrom);
  const result = await applyRollback(ctx, target, plan);
  const done = { ...result, ms: Math.round(performance.now() - started) };
  const reason = typeof details.reason === 'string' ? details.reason : undefined;
  const requestId = typeof details.requestId === 'string' ? details.requestId : undefined;
  // Traffic moved: the record says so before anyone is told, so every surface shows the deploy rolled back.
  await recordRollback(ctx, target, done.to, {
    how: options.via ?? 'rollback',
    by: actor,
    ...(reason ? { reason } : {}),
    ...(requestId ? { requestId } : {}),
  }).catch((error: unknown) =>
    ctx.log.error(
      { err: error, service: target.service, environment: target.environment },
      'could not record the rollback on the deploy records',
    ),
  );
  const entry: AuditEventInput = {
    actor,
    action: 'rollback',
    target: `service:${target.service}/${target.environment}`,
    details: { ...done, ...details },
  };
  const audited = options.audit ? await options.audit(entry) : (await ctx.store.appendAudit(entry), true);
  if (audited)
    ctx.events.emit('rollback.finished', {
      service: target.service,
      environment: target.environment,
      revision: done.to,
      actor,
      ok: true,
    });
  return done;
}

/** Where a rollback goes (the named revision or ref, else the previous one) and what serves now; changes nothing. */
export async function planRollback(
  ctx: WorkflowContext,
  target: DeployTarget,
  to?: string,
  resumed?: PerformOptions['resumed'],
  expectFrom?: string,
): Promise<RollbackPlan> {
  return target.rollout.strategy === 'github-actions'
    ? planActions(ctx, target, to)
    : planCloudRun(ctx, target, to, resumed, expectFrom);
}

async function applyRollback(
  ctx: WorkflowContext,
  target: DeployTarget,
  plan: RollbackPlan,
): Promise<Omit<RollbackResult, 'ms'>> {
  return plan.strategy === 'github-actions' ? dispatchActions(ctx, target, plan) : moveTraffic(ctx, target, plan);
}

async function planCloudRun(
  ctx: WorkflowContext,
  target: DeployTarget,
  to?: string,
  resumed?: PerformOptions['resumed'],
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
      (await deployOf(ctx, target, current))?.rollbackTarget ??
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

async function moveTraffic(
  ctx: WorkflowContext,
  target: DeployTarget,
  plan: RollbackPlan,
): Promise<Omit<RollbackResult, 'ms'>> {
  const destination = plan.to;
  const after = await ctx.runtime
    .setTraffic(target.location, [{ revision: destination, percent: 100 }])
    .catch((error: unknown) => readBack(ctx, target, destination, error));
  const serving = after.traffic.find((t) => t.revision === destination)?.percent ?? 0;
  if (serving !== 100) throw new Error(`Cloud Run reports ${serving}% on ${destination} after the rollback`);
  await markInactive(ctx, target, await deployOf(ctx, target, plan.from));
  return { strategy: 'cloud-run', to: destination, from: plan.from };
}

/**
 * A traffic update with no clear answer (no answer in time, a 5xx) may still have been applied: read the service
 * back and go by what it serves, so the user is never told "nothing changed" about a rollback that happened.
 * A refusal (permission, quota, invalid) changed nothing and is passed on as it is.
 */
async function readBack(
  ctx: WorkflowContext,
  target: DeployTarget,
  destination: string,
  error: unknown,
): Promise<RuntimeService> {
  if (!isPortError(error) || (error.code !== 'timeout' && error.code !== 'unavailable')) throw error;
  const failure = error.message.replace(/; try again in a minute$/, '');
  const now = await ctx.runtime.getService(target.location).catch(() => undefined);
  if (now?.traffic.some((t) => t.revision === destination && t.percent === 100)) return now;
  if (now && now.conditions[0]?.state !== 'reconciling') {
    const serving = now.traffic
      .filter((t) => t.percent > 0)
      .map((t) => `${t.percent}% ${t.revision ?? 'latest'}`)
      .join(', ');
    throw new PortError(error.code, `${failure}; read back, traffic is unchanged (${serving})`, error.backend);
  }
  throw new Refusal(
    `${failure}, and Cloud Run ${now ? 'is still applying a change' : 'could not be read back'}, so it is not known whether traffic moved to ${destination}. Check \`/ops status ${target.service}\` before trying again.`,
  );
}

/** The deploy that made revision `current`, when the bot deployed it. */
async function deployOf(
  ctx: WorkflowContext,
  target: DeployTarget,
  current: string | undefined,
): Promise<Deployment | undefined> {
  if (!current) return undefined;
  const deploys = await ctx.store.list(DEPLOYMENTS, {
    where: { service: target.service, environment: target.environment },
    orderBy: { field: 'requestedAt', direction: 'desc' },
    limit: 20,
  });
  return deploys.find((d) => d.data.revision === current)?.data;
}

/** The rolled-back deploy's GitHub Deployment record goes inactive, so GitHub's environments view tells the truth. */
async function markInactive(ctx: WorkflowContext, target: DeployTarget, deploy: Deployment | undefined): Promise<void> {
  if (deploy?.githubDeploymentId === undefined) return;
  await ctx.sourceControl
    .setDeploymentStatus(target.repo, deploy.githubDeploymentId, 'inactive', { description: 'Rolled back' })
    .catch((error: unknown) =>
      ctx.log.warn({ err: error, deploymentId: deploy.id }, 'could not mark the GitHub deployment inactive'),
    );
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

async function dispatchActions(
  ctx: WorkflowContext,
  target: DeployTarget,
  plan: RollbackPlan,
): Promise<Omit<RollbackResult, 'ms'>> {
  const workflow = target.rollout.workflow!;
  const since = ctx.clock.now();
  await ctx.sourceControl.dispatchWorkflow(target.repo, workflow, target.serviceConfig.defaultBranch, {
    environment: target.environment,
    ref: plan.to,
  });
  const run = await ctx.sourceControl.findWorkflowRun(target.repo, workflow, since).catch(() => null);
  return { strategy: 'github-actions', to: plan.to, from: plan.from, url: run?.url };
}
