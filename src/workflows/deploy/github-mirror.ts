import type { DeploymentState } from '../../ports/source-control.js';
import { LeaseLost, type Rollout } from './runner.js';
import type { DeployTarget } from './target.js';

/**
 * Keeps a GitHub Deployment record in step with the deploy, so it shows in GitHub's environments view.
 * It mirrors, it does not decide: a GitHub failure here is reported and the rollout goes on.
 * `0` is the step index that creates the record; a state updates it.
 */
export async function mirrorToGitHub(rollout: Rollout, target: DeployTarget, stepOrState: 0 | DeploymentState): Promise<void> {
  const { ctx } = rollout;
  const d = rollout.deployment;
  if (stepOrState === 0) {
    try {
      await rollout.step(0, async () => {
        const id = d.githubDeploymentId ?? (await ctx.sourceControl.createDeployment(target.repo, { sha: d.sha, environment: d.environment, description: `${d.id} by ChatOps` }));
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
    .setDeploymentStatus(target.repo, id, stepOrState, { description: stepOrState === 'success' ? 'Deployed' : (rollout.deployment.error ?? 'Failed'), logUrl: rollout.deployment.run?.url })
    .catch((error: unknown) => ctx.log.warn({ err: error, deploymentId: d.id }, 'could not update the GitHub deployment status'));
}
