import { DEPLOYMENTS, type Deployment } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { actionsRollout } from './actions-rollout.js';
import { cloudRunRollout } from './cloud-run-rollout.js';
import { LeaseLost, Rollout } from './runner.js';
import { resolveTarget } from './target.js';

/** Starts (or resumes) a rollout if this instance can claim it. Runs until the deploy ends; never throws. */
export async function driveRollout(ctx: WorkflowContext, id: string): Promise<void> {
  const rollout = await Rollout.claim(ctx, id).catch((error: unknown) => {
    ctx.log.error({ err: error, deploymentId: id }, 'could not claim the rollout');
    return null;
  });
  if (!rollout) return;
  try {
    const target = resolveTarget(ctx.config, rollout.deployment.service, rollout.deployment.environment);
    await (rollout.deployment.strategy === 'github-actions' ? actionsRollout(rollout, target) : cloudRunRollout(rollout, target));
  } catch (error) {
    if (error instanceof LeaseLost) return ctx.log.warn({ deploymentId: id }, error.message);
    ctx.log.error({ err: error, deploymentId: id }, 'rollout stopped by an unexpected error');
    const detail = error instanceof Error ? error.message : String(error);
    await rollout.finish('failed', `stopped by an unexpected error (${detail}); check /ops status ${rollout.deployment.service} and roll back with /rollback if needed`).catch(() => undefined);
  }
}

/**
 * A scheduled job: deploys in flight whose lease ran out (their instance died or restarted) are taken over
 * and resumed from their first unfinished step; every step is safe to repeat, or refuses to (a dispatch).
 */
export async function resumeRollouts(ctx: WorkflowContext, now: Date): Promise<void> {
  const inFlight = [
    ...(await ctx.store.list<Deployment>(DEPLOYMENTS, { where: { status: 'approved' } })),
    ...(await ctx.store.list<Deployment>(DEPLOYMENTS, { where: { status: 'running' } })),
  ];
  for (const record of inFlight) {
    const lease = record.data.lease;
    if (lease && Date.parse(lease.until) > now.getTime()) continue;
    ctx.log.info({ deploymentId: record.id }, 'resuming a deploy whose instance stopped');
    ctx.events.emit('deploy.progress', { deploymentId: record.id, text: ':arrows_counterclockwise: Resuming after a restart of the bot.' });
    void driveRollout(ctx, record.id);
  }
}
