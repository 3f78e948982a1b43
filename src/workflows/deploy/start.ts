import { DEPLOYMENTS, type Deployment } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { actionsRollout } from './actions-rollout.js';
import { cloudRunRollout } from './cloud-run-rollout.js';
import { isLeased, LeaseLost } from '../lease.js';
import { Rollout } from './runner.js';
import { resolveTarget } from './target.js';

/**
 * Starts (or resumes) a rollout if this instance can claim it. Runs until the deploy ends, or until this
 * instance shuts down and hands it over; never throws. A deploy this process already drives is left to it.
 */
export function driveRollout(ctx: WorkflowContext, id: string, options: { resumed?: boolean } = {}): Promise<void> {
  if (ctx.drivers.stopping) return Promise.resolve();
  return ctx.drivers.drive(id, () => drive(ctx, id, options.resumed ?? false)) ?? Promise.resolve();
}

async function drive(ctx: WorkflowContext, id: string, resumed: boolean): Promise<void> {
  const rollout = await Rollout.claim(ctx, id).catch((error: unknown) => {
    ctx.log.error({ err: error, deploymentId: id }, 'could not claim the rollout');
    return null;
  });
  if (!rollout) return;
  if (resumed) {
    const at = nextStep(rollout.deployment);
    ctx.log.info({ deploymentId: id, step: at }, 'resuming a deploy whose instance stopped');
    ctx.events.emit('deploy.progress', { deploymentId: id, progress: { kind: 'resuming', ...(at ? { at } : {}) } });
  }
  try {
    const target = resolveTarget(ctx.config, rollout.deployment.service, rollout.deployment.environment);
    await (rollout.deployment.strategy === 'github-actions'
      ? actionsRollout(rollout, target)
      : cloudRunRollout(rollout, target));
  } catch (error) {
    if (ctx.drivers.stopping) return handOver(ctx, rollout, error);
    if (error instanceof LeaseLost) return ctx.log.warn({ deploymentId: id }, error.message);
    ctx.log.error({ err: error, deploymentId: id }, 'rollout stopped by an unexpected error');
    const detail = error instanceof Error ? error.message : String(error);
    await rollout
      .finish(
        'failed',
        `stopped by an unexpected error (${detail}); check /ops status ${rollout.deployment.service} and roll back with /rollback if needed`,
      )
      .catch(() => undefined);
  }
}

/** Shutting down: the record already says where the rollout is; release the lease so it resumes at once elsewhere. */
async function handOver(ctx: WorkflowContext, rollout: Rollout, cause: unknown): Promise<void> {
  const id = rollout.id;
  const at = nextStep(rollout.deployment);
  try {
    await rollout.release();
  } catch (error) {
    return ctx.log.warn(
      { err: error, deploymentId: id, cause },
      'shutting down: could not release the rollout lease; it is resumed when the lease runs out',
    );
  }
  ctx.log.info({ deploymentId: id, step: at }, 'shutting down: handed the rollout over');
  ctx.events.emit('deploy.progress', { deploymentId: id, progress: { kind: 'pausing', ...(at ? { at } : {}) } });
}

const nextStep = (d: Deployment): string | undefined =>
  d.steps.find((s) => s.state !== 'done' && s.state !== 'skipped')?.name;

/**
 * A scheduled job (also run when the bot starts): deploys in flight whose lease ran out or was released (their
 * instance died, restarted or shut down) are taken over and resumed from their first unfinished step; every
 * step is safe to repeat, or refuses to (a dispatch).
 */
export async function resumeRollouts(ctx: WorkflowContext, now: Date): Promise<void> {
  const inFlight = [
    ...(await ctx.store.list(DEPLOYMENTS, { where: { status: 'approved' } })),
    ...(await ctx.store.list(DEPLOYMENTS, { where: { status: 'running' } })),
  ];
  for (const record of inFlight) {
    if (isLeased(record.data, now)) continue;
    void driveRollout(ctx, record.id, { resumed: true });
  }
}
