import { isPortError, PortError } from '../../domain/errors.js';
import type { Deployment } from '../../domain/deployment.js';
import type { RollbackResult } from '../../domain/rollback.js';
import type { RuntimeService } from '../../ports/runtime-platform.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { deployThatMade, type RollbackPlan } from './rollback-plan.js';
import type { DeployTarget } from './target.js';

/** Moves the traffic (cloud-run) or dispatches the workflow (github-actions) as planned; throws when nothing moved. */
export async function applyRollback(
  ctx: WorkflowContext,
  target: DeployTarget,
  plan: RollbackPlan,
): Promise<Omit<RollbackResult, 'ms'>> {
  return plan.strategy === 'github-actions' ? dispatchActions(ctx, target, plan) : moveTraffic(ctx, target, plan);
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
  await markInactive(ctx, target, await deployThatMade(ctx, target, plan.from));
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

/** The rolled-back deploy's GitHub Deployment record goes inactive, so GitHub's environments view tells the truth. */
async function markInactive(ctx: WorkflowContext, target: DeployTarget, deploy: Deployment | undefined): Promise<void> {
  if (deploy?.githubDeploymentId === undefined) return;
  await ctx.sourceControl
    .setDeploymentStatus(target.repo, deploy.githubDeploymentId, 'inactive', { description: 'Rolled back' })
    .catch((error: unknown) =>
      ctx.log.warn({ err: error, deploymentId: deploy.id }, 'could not mark the GitHub deployment inactive'),
    );
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
