import type { PreDeployJob } from '../../config/schema-gates.js';
import { DEPLOY_LABEL, executionShortName, type PreDeployRun } from '../../domain/deploy-gates.js';
import { formatDuration } from '../../domain/format.js';
import type { JobExecution, JobLocation } from '../../ports/job-runner.js';
import type { Rollout } from './runner.js';
import { imageFor, type DeployTarget } from './target.js';

/** Polls of a running execution: 0.5 s, doubling to 5 s; a shutdown cuts a wait short and hands the rollout over. */
const FIRST_POLL_MS = 500;
const MAX_POLL_MS = 5000;
/** Past the job's own timeout (which Cloud Run enforces), how long the rollout still waits for its end. */
const GRACE_MS = 60_000;
/** Reads of the execution that may fail in a row (each already retried by the adapter) before the step fails. */
const READ_FAILURES = 3;

/**
 * Runs `rollout.preDeploy` as steps `first`, `first + 1`, … before any traffic moves: each job is pointed at the
 * new image (UpdateJob: a run's overrides cannot change the image), run with its args and timeout, and followed
 * until its execution ends. The execution's name is recorded before it is followed, so a resumed rollout waits on
 * the same execution; one whose start was not recorded is found by the deploy's label before the job runs again.
 * Returns how many steps it took.
 */
export async function runPreDeployJobs(
  rollout: Rollout,
  target: DeployTarget,
  first: number,
  revision: string,
): Promise<number> {
  const jobs = target.rollout.preDeploy ?? [];
  for (const [i, job] of jobs.entries()) await rollout.step(first + i, () => runJob(rollout, target, i, job, revision));
  return jobs.length;
}

async function runJob(
  rollout: Rollout,
  target: DeployTarget,
  index: number,
  job: PreDeployJob,
  revision: string,
): Promise<string> {
  const { ctx } = rollout;
  const at: JobLocation = { project: target.location.project, region: target.location.region, job: job.job };
  const label = { key: DEPLOY_LABEL, value: rollout.id };
  let run = rollout.deployment.preDeploy?.[index];
  if (!run?.execution) {
    // A start that was not recorded (the instance stopped inside the call) left an execution with our label.
    let execution = run ? await ctx.jobs.findExecution(at, label) : undefined;
    if (!execution) {
      const image = await imageForJobs(rollout, target, revision);
      run = await record(rollout, index, { job: job.job, state: 'starting', startedAt: now(rollout) });
      await ctx.jobs.pointAt(at, image, { [DEPLOY_LABEL]: rollout.id });
      rollout.checkpoint();
      execution = await ctx.jobs
        .run(at, { args: job.args, timeoutSeconds: job.timeoutSeconds })
        .catch(async (error: unknown) => {
          // Whether it started is unknown: look for it before failing (a retry could start a second one).
          const found = await ctx.jobs.findExecution(at, label).catch(() => undefined);
          if (found) return found;
          throw error;
        });
    }
    run = await record(rollout, index, {
      job: job.job,
      state: 'running',
      startedAt: run?.startedAt ?? now(rollout),
      execution: execution.name,
      ...(execution.logUri ? { logUri: execution.logUri } : {}),
    });
  }
  return follow(rollout, index, job, run);
}

async function follow(rollout: Rollout, index: number, job: PreDeployJob, run: PreDeployRun): Promise<string> {
  const { ctx } = rollout;
  const name = run.execution ?? '';
  const short = executionShortName(name);
  const deadline = Date.parse(run.startedAt) + job.timeoutSeconds * 1000 + GRACE_MS;
  let failures = 0;
  for (let poll = 0; ; poll += 1) {
    let execution: JobExecution | undefined;
    try {
      execution = await ctx.jobs.getExecution(name);
      failures = 0;
    } catch (error) {
      failures += 1;
      if (failures >= READ_FAILURES) throw error;
    }
    if (execution && execution.state !== 'running') {
      const finished = execution.completionTime ?? ctx.clock.now();
      const took = formatDuration(finished.getTime() - Date.parse(run.startedAt));
      const ok = execution.state === 'succeeded';
      const detail = ok
        ? `execution \`${short}\` succeeded in ${took}`
        : `execution ${short} ${execution.state === 'cancelled' ? 'was cancelled' : 'failed'} after ${took}${execution.message ? `: ${execution.message}` : ''}`;
      await record(rollout, index, {
        ...run,
        state: ok ? 'succeeded' : 'failed',
        finishedAt: finished.toISOString(),
        ...(execution.logUri ? { logUri: execution.logUri } : {}),
        detail,
      });
      if (ok) return detail;
      throw new Error(detail);
    }
    if (ctx.clock.now().getTime() > deadline)
      throw new Error(
        `execution ${short} did not finish within ${formatDuration(deadline - Date.parse(run.startedAt))}; it may still be running, check its logs`,
      );
    await rollout.pause(Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** poll));
  }
}

/** The image the jobs run: the new revision's, by digest where Cloud Run reports one, else the deploy's image. */
async function imageForJobs(rollout: Rollout, target: DeployTarget, revision: string): Promise<string> {
  const d = rollout.deployment;
  const fallback = d.artifact?.image ?? imageFor(target, d.sha);
  const revisions = await rollout.ctx.runtime.listRevisions(target.location).catch(() => []);
  const made = revisions.find((r) => r.name === revision);
  return made?.imageDigest ? made.image : fallback;
}

async function record(rollout: Rollout, index: number, run: PreDeployRun): Promise<PreDeployRun> {
  await rollout.save((d) => {
    d.preDeploy ??= [];
    d.preDeploy[index] = run;
  });
  return run;
}

const now = (rollout: Rollout): string => rollout.ctx.clock.now().toISOString();
