import { CANARY_ANALYSES, type CanaryRecord, type CanaryStepAnalysis } from '../../domain/canary.js';
import { monitoringLinks } from '../../domain/cloud-console-links.js';
import type { WorkflowContext } from '../context.js';
import type { Rollout } from './runner.js';
import type { DeployTarget } from './target.js';

/**
 * The canary analysis of a deploy, kept beside its record and written only by the instance holding the deploy's
 * lease. Created once when the revision exists: that creation (and only it) posts the Monitoring links in the thread.
 */
export async function openCanaryRecord(
  rollout: Rollout,
  target: DeployTarget,
  revision: string,
  baselineRevision: string | undefined,
): Promise<void> {
  const { ctx } = rollout;
  const record: CanaryRecord = {
    deploymentId: rollout.id,
    revision,
    ...(baselineRevision ? { baselineRevision } : {}),
    links: monitoringLinks(target.location, revision),
    steps: [],
  };
  const created = await ctx.store.create(CANARY_ANALYSES, rollout.id, record);
  if (created)
    ctx.events.emit('deploy.canary', {
      deploymentId: rollout.id,
      progress: { kind: 'links', links: record.links, revision, ...(baselineRevision ? { baselineRevision } : {}) },
    });
}

/** Records a step's analysis (replacing an earlier one of the same step, e.g. after a restart). */
export async function recordStep(
  ctx: WorkflowContext,
  deploymentId: string,
  analysis: CanaryStepAnalysis,
): Promise<void> {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const current = await ctx.store.get(CANARY_ANALYSES, deploymentId);
    if (!current) return;
    const steps = [...current.data.steps.filter((s) => s.step !== analysis.step), analysis];
    if (await ctx.store.compareAndSet(CANARY_ANALYSES, deploymentId, current.version, { ...current.data, steps }))
      return;
  }
}

export async function canaryRecordOf(ctx: WorkflowContext, deploymentId: string): Promise<CanaryRecord | undefined> {
  return (await ctx.store.get(CANARY_ANALYSES, deploymentId))?.data;
}
