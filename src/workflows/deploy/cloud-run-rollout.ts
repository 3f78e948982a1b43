import type { RuntimeService } from '../../ports/runtime-platform.js';
import type { Rollout } from './runner.js';
import { StepFailed } from './runner.js';
import { imageFor, revisionFor, revisionSuffixFor, type DeployTarget } from './target.js';
import { mirrorToGitHub } from './github-mirror.js';
import { runPreDeployJobs } from './pre-deploy.js';
import { analyseCanaryStep } from './canary-analysis.js';
import { type Baseline, canarySplit, prepareBaseline } from './canary-baseline.js';
import { openCanaryRecord } from './canary-record.js';

/** How often a baking canary is probed; at least two probes per bake. */
const PROBE_EVERY_MS = 5000;

/**
 * New revision at 0% with a tag → health check through the tag → canary steps, each baked with health
 * checks → verify. Any failure after traffic moved sends 100% back to the previous revision.
 */
export async function cloudRunRollout(rollout: Rollout, target: DeployTarget): Promise<void> {
  const { ctx } = rollout;
  const d = rollout.deployment;
  const suffix = revisionSuffixFor(d.id);
  const tag = `deploy-${d.sha.slice(0, 7)}`;
  const revision = revisionFor(target, d.id);
  const previous = d.rollbackTarget;
  const canary = target.rollout.canary;
  const check = target.rollout.healthCheck;
  let tagUri = '';
  let trafficMoved = false;
  let baseline: Baseline | undefined;

  await mirrorToGitHub(rollout, target, 0);
  try {
    await rollout.step(1, async () => {
      baseline = await prepareBaseline(rollout, target, previous);
      // Idempotent: the revision name comes from the deploy ID, so a resumed step finds it instead of making another.
      const service = await ctx.runtime.deployRevision(target.location, {
        image: d.artifact?.image ?? imageFor(target, d.sha),
        revisionSuffix: suffix,
        tag,
      });
      await rollout.save((x) => {
        x.revision = revision;
      });
      await openCanaryRecord(rollout, target, revision, baseline.fresh ? baseline.revision : undefined);
      return `\`${revision}\` serving 0%${tagUrl(service, tag) ? `, tagged ${tag}` : ''}`;
    });
    const jobs = await runPreDeployJobs(rollout, target, 2, revision);
    tagUri = tagUrl(await ctx.runtime.getService(target.location), tag);
    await rollout.step(2 + jobs, async () => {
      if (!tagUri) throw new Error(`Cloud Run shows no URL for tag ${tag}`);
      return probeUntilHealthy(rollout, `${tagUri}${check.path}`, check.expectStatus, 3);
    });

    for (const [i, percent] of canary.steps.entries()) {
      await rollout.step(3 + jobs + i, async () => {
        trafficMoved = true;
        if (!rollout.deployment.reachedTrafficAt)
          await rollout.save((x) => void (x.reachedTrafficAt = ctx.clock.now().toISOString()));
        baseline ??= await prepareBaseline(rollout, target, previous);
        await ctx.runtime.setTraffic(target.location, canarySplit(revision, percent, tag, previous, baseline));
        const movedAt = ctx.clock.now();
        const baking = () => bake(rollout, `${tagUri}${check.path}`, check.expectStatus, canary.bakeSeconds * 1000);
        const probes = await baking();
        const name = `Canary ${percent}%`;
        const metrics = await analyseCanaryStep(rollout, target, {
          name,
          percent,
          revision,
          baseline,
          movedAt,
          bakeAgain: baking,
        });
        return `${percent}% on \`${revision}\`, healthy for ${canary.bakeSeconds}s (${probes} checks)${metrics ? `; ${metrics}` : ''}`;
      });
    }
    await rollout.step(3 + jobs + canary.steps.length, async () => {
      const service = await ctx.runtime.getService(target.location);
      const onNew = service.traffic.find((t) => t.revision === revision)?.percent ?? 0;
      if (onNew !== 100) throw new Error(`traffic is ${onNew}% on ${revision}, expected 100%`);
      const result = await ctx.probe.check(`${service.uri}${check.path}`, check.expectStatus);
      if (!result.ok) throw new Error(`${service.uri}${check.path} answered ${result.status ?? result.error}`);
      return `100% on \`${revision}\`, ${check.path} answered ${result.status}`;
    });
    await mirrorToGitHub(rollout, target, 'success');
    await rollout.finish('succeeded');
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    const firstCanary = 3 + (target.rollout.preDeploy?.length ?? 0);
    if (!trafficMoved && !rollout.deployment.steps.some((s, i) => i >= firstCanary && s.state !== 'pending')) {
      await mirrorToGitHub(rollout, target, 'failure');
      return rollout.finish(
        'failed',
        `${error.step} failed: ${error.detail}. No traffic was moved; ${previous ?? 'the previous revision'} still serves everything.`,
      );
    }
    await rollBack(rollout, target, revision, previous, error);
  }
}

/** Automatic rollback: all traffic to the previous revision, verified on Cloud Run. */
async function rollBack(
  rollout: Rollout,
  target: DeployTarget,
  revision: string,
  previous: string | undefined,
  cause: StepFailed,
): Promise<void> {
  const { ctx } = rollout;
  const why = `${cause.step} failed: ${cause.detail}`;
  await mirrorToGitHub(rollout, target, 'failure');
  if (!previous)
    return rollout.finish(
      'failed',
      `${why}. No previous revision is known; check traffic with /ops status ${target.service}.`,
    );
  try {
    await ctx.runtime.setTraffic(target.location, [{ revision: previous, percent: 100 }]);
    const service = await ctx.runtime.getService(target.location);
    const onPrevious = service.traffic.find((t) => t.revision === previous)?.percent ?? 0;
    if (onPrevious !== 100) throw new Error(`traffic is ${onPrevious}% on ${previous}`);
    await rollout.save(
      (x) =>
        void (x.stoppedServing ??= {
          how: 'automatic-rollback',
          by: 'system',
          at: ctx.clock.now().toISOString(),
          reason: why,
          to: previous,
        }),
    );
    ctx.events.emit('deploy.progress', {
      deploymentId: rollout.id,
      progress: { kind: 'rolled-back', to: previous, revision },
    });
    await rollout.finish('rolled_back', why);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    await rollout.finish(
      'failed',
      `${why}. The automatic rollback to ${previous} failed too (${detail}): run /rollback ${target.service} ${target.environment} ${previous} now.`,
    );
  }
}

function tagUrl(service: RuntimeService, tag: string): string {
  return service.traffic.find((t) => t.tag === tag)?.uri ?? '';
}

/** A new revision may need a moment: up to `attempts` checks, one second apart. */
async function probeUntilHealthy(rollout: Rollout, url: string, expect: number, attempts: number): Promise<string> {
  let last = '';
  for (let i = 0; i < attempts; i += 1) {
    const result = await rollout.ctx.probe.check(url, expect);
    if (result.ok) return `${url} answered ${result.status} in ${result.ms} ms`;
    last = `${result.status ?? result.error}`;
    if (i < attempts - 1) await rollout.pause(1000);
  }
  throw new Error(`${url} answered ${last}, expected ${expect} (${attempts} tries)`);
}

/** Probes through the bake; two failures in a row fail the step. Each probe renews the lease; a shutdown ends the wait. */
async function bake(rollout: Rollout, url: string, expect: number, bakeMs: number): Promise<number> {
  const interval = Math.min(PROBE_EVERY_MS, Math.max(250, Math.floor(bakeMs / 2)));
  const end = rollout.ctx.clock.now().getTime() + bakeMs;
  let probes = 0;
  let failures = 0;
  for (;;) {
    const result = await rollout.ctx.probe.check(url, expect);
    probes += 1;
    failures = result.ok ? 0 : failures + 1;
    if (failures >= 2)
      throw new Error(
        `health check failed twice in a row: ${url} answered ${result.status ?? result.error}, expected ${expect}`,
      );
    await rollout.save(() => undefined);
    const left = end - rollout.ctx.clock.now().getTime();
    if (left <= 0) return probes;
    await rollout.pause(Math.min(interval, left));
  }
}
