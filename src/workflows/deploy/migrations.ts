import type { MigrationNote } from '../../domain/deploy-gates.js';
import { wentLiveAt, type Deployment } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { recentDeploysOf } from './serving.js';
import type { DeployTarget } from './target.js';

/**
 * The pre-deploy jobs (migrations) that completed after `made` went live: a rollback to its revision returns to
 * code older than what they changed. Unknown (none listed) when no deploy of the bot made the target.
 */
export async function migrationsSince(
  ctx: WorkflowContext,
  target: DeployTarget,
  made: Deployment | undefined,
): Promise<MigrationNote[]> {
  if (!made) return [];
  const since = wentLiveAt(made);
  const deploys = await recentDeploysOf(ctx, target.service, target.environment, 50);
  return deploys
    .filter((d) => d.id !== made.id)
    .flatMap((d) =>
      (d.preDeploy ?? [])
        .filter((run) => run.state === 'succeeded' && run.finishedAt !== undefined && run.finishedAt > since)
        .map((run) => ({ job: run.job, deployId: d.id, sha: d.sha, at: run.finishedAt ?? since })),
    )
    .sort((a, b) => b.at.localeCompare(a.at));
}
