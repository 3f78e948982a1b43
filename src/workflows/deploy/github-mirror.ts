import type { DeploymentState } from '../../ports/source-control.js';
import { LeaseLost } from '../lease.js';
import type { Rollout } from './runner.js';
import type { DeployTarget } from './target.js';

/**
 * Keeps a GitHub Deployment record in step with the deploy, so it shows in GitHub's environments view.
 * It mirrors, it does not decide: a GitHub failure here is reported and the rollout goes on.
 * `0` is the step index that creates the record; a state updates it. The record carries the deploy ID, so a
 * retried or resumed creation finds and reuses it rather than making a second.
 */
export async function mirrorToGitHub(
  rollout: Rollout,
  target: DeployTarget,
  stepOrState: 0 | DeploymentState,
): Promise<void> {
  const { ctx } = rollout;
  const d = rollout.deployment;
  if (stepOrState === 0) {
    // A step found running was started before a crash or a hand-over: GitHub may hold its record already.
    const resumed = d.steps[0]?.state === 'running';
    try {
      await rollout.step(0, async () => {
        const input = { sha: d.sha, environment: d.environment, description: `${d.id} by ChatOps`, deployId: d.id };
        const id =
          d.githubDeploymentId ??
          (resumed ? await ctx.sourceControl.findDeployment(target.repo, input) : null) ??
          (await ctx.sourceControl.createDeployment(target.repo, input));
        await rollout.save((x) => {
          x.githubDeploymentId = id;
        });
        await ctx.sourceControl.setDeploymentStatus(target.repo, id, 'in_progress', { description: 'Rolling out' });
        return `GitHub deployment #${id}`;
      });
    } catch (error) {
      if (error instanceof LeaseLost) throw error; // taken over, or handed over at shutdown: not the mirror's failure
      // The thread already says why; a mirror is not worth failing a deploy for.
      await rollout.skip(0, `no GitHub deployment record: ${error instanceof Error ? error.message : String(error)}`);
    }
    return;
  }
  const id = rollout.deployment.githubDeploymentId;
  if (id === undefined) return;
  await ctx.sourceControl
    .setDeploymentStatus(target.repo, id, stepOrState, {
      description: stepOrState === 'success' ? 'Deployed' : (rollout.deployment.error ?? 'Failed'),
      logUrl: rollout.deployment.run?.url,
    })
    .catch((error: unknown) =>
      ctx.log.warn({ err: error, deploymentId: d.id }, 'could not update the GitHub deployment status'),
    );
}
