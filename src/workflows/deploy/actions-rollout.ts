import { isPortError } from '../../domain/errors.js';
import type { WorkflowRun } from '../../ports/source-control.js';
import { FIRST_RUN_POLL_MS } from './estimate.js';
import { mirrorToGitHub } from './github-mirror.js';
import { StepFailed, type Rollout } from './runner.js';
import type { DeployTarget } from './target.js';

const FIND_RUN_MS = 60_000;
const FOLLOW_RUN_MS = 60 * 60_000;

/**
 * Dispatches the configured workflow with inputs environment and ref, then follows the run to its
 * conclusion with backoff. A dispatch is never repeated on resume: a run that cannot be found fails clearly.
 */
export async function actionsRollout(rollout: Rollout, target: DeployTarget): Promise<void> {
  const { ctx } = rollout;
  const workflow = target.rollout.workflow;
  const d = rollout.deployment;
  await mirrorToGitHub(rollout, target, 0);
  try {
    if (!workflow)
      throw new StepFailed('Dispatch', `no workflow configured: set services.${target.service}.rollout.workflow`);
    await rollout.step(1, async () => {
      if (rollout.deployment.run)
        throw new Error(
          'the workflow was dispatched before a restart and its run is not known; dispatching again could deploy twice — check GitHub Actions, then retry with /deploy',
        );
      await rollout.save((x) => {
        x.run = { dispatchedAt: ctx.clock.now().toISOString() };
      });
      await ctx.sourceControl
        .dispatchWorkflow(target.repo, workflow, d.ref, { environment: d.environment, ref: d.sha })
        .catch((error: unknown) => {
          throw dispatchFailure(error, workflow);
        });
      return `${workflow} on ${d.ref} (environment=${d.environment}, ref=${d.sha.slice(0, 7)})`;
    });
    await rollout.step(2, async () => {
      const run = await follow(rollout, target, workflow);
      if (run.conclusion !== 'success')
        throw new Error(`the run concluded ${run.conclusion ?? 'without a conclusion'}: ${run.url}`);
      return `run concluded success: ${run.url}`;
    });
    await rollout.step(3, async () => `workflow run ${rollout.deployment.run?.url ?? ''} succeeded`);
    await mirrorToGitHub(rollout, target, 'success');
    await rollout.finish('succeeded');
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    await mirrorToGitHub(rollout, target, 'failure');
    await rollout.finish('failed', `${error.step} failed: ${error.detail}`);
  }
}

/** Finds the dispatched run, then polls it with backoff (1 s doubling to 15 s) until it completes. */
async function follow(rollout: Rollout, target: DeployTarget, workflow: string): Promise<WorkflowRun> {
  const { ctx } = rollout;
  const dispatchedAt = new Date(rollout.deployment.run?.dispatchedAt ?? ctx.clock.now().toISOString());
  let run: WorkflowRun | null = rollout.deployment.run?.id
    ? await ctx.sourceControl.getWorkflowRun(target.repo, rollout.deployment.run.id)
    : null;
  let wait = FIRST_RUN_POLL_MS;
  const findBy = ctx.clock.now().getTime() + FIND_RUN_MS;
  while (!run) {
    if (ctx.clock.now().getTime() > findBy)
      throw new Error(`no run of ${workflow} appeared within ${FIND_RUN_MS / 1000}s of the dispatch`);
    await rollout.pause(wait);
    wait = Math.min(wait * 2, 15_000);
    run = await ctx.sourceControl.findWorkflowRun(target.repo, workflow, dispatchedAt);
  }
  const found = run;
  await rollout.save((x) => {
    x.run = { dispatchedAt: dispatchedAt.toISOString(), id: found.id, url: found.url };
  });
  ctx.events.emit('deploy.progress', {
    deploymentId: rollout.id,
    progress: { kind: 'following-run', runId: found.id, url: found.url },
  });
  const followUntil = ctx.clock.now().getTime() + FOLLOW_RUN_MS;
  wait = 1000;
  while (run.status !== 'completed') {
    if (ctx.clock.now().getTime() > followUntil)
      throw new Error(`the run did not finish within ${FOLLOW_RUN_MS / 60_000} minutes: ${run.url}`);
    await Promise.race([ctx.runWakeups.sleepUnlessWoken(ctx.clock, wait, run.id), rollout.stopped]);
    rollout.checkpoint();
    wait = Math.min(wait * 2, 15_000);
    run = await ctx.sourceControl.getWorkflowRun(target.repo, run.id);
    await rollout.save(() => undefined);
  }
  return run;
}

/** A dispatch that failed without GitHub refusing it (a 5xx, no answer) may still have started a run: say to look first. */
function dispatchFailure(error: unknown, workflow: string): unknown {
  if (!isPortError(error) || (error.code !== 'timeout' && error.code !== 'unavailable')) return error;
  return new Error(
    `${error.message.replace(/; try again in a minute$/, '')}; it is not known whether GitHub started a run of ${workflow}: check GitHub Actions before deploying again`,
  );
}
