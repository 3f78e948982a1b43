import { ApiError } from './wire.js';
import {
  durationSeconds,
  jobKey,
  outcomeOf,
  type ExecutionRecord,
  type ExecutionTemplateJson,
  type JobSeed,
  type JobState,
} from './jobs-model.js';
import { stableHash } from './model.js';

/** The stand-in's jobs and their executions: updated by UpdateJob, run by RunJob, completed as time passes. */
export class CloudRunJobs {
  readonly jobs = new Map<string, JobState>();
  /** By short execution name. */
  readonly executions = new Map<string, ExecutionRecord>();
  /** How long an execution runs without `--seconds=N` (default 300 ms). */
  executionMs = 300;

  constructor(private readonly now: () => Date) {}

  seed(seeds: JobSeed[]): this {
    const time = this.now().toISOString();
    for (const s of seeds)
      this.jobs.set(jobKey(s.project, s.region, s.name), {
        project: s.project,
        region: s.region,
        name: s.name,
        generation: 1,
        createTime: time,
        updateTime: time,
        labels: s.labels ?? {},
        annotations: {},
        template: {
          parallelism: 1,
          taskCount: 1,
          template: {
            containers: [{ image: s.image, ...(s.args ? { args: s.args } : {}) }],
            timeout: '600s',
            maxRetries: 0,
            serviceAccount: '123456789012-compute@developer.gserviceaccount.com',
          },
        },
        executionCount: 0,
      });
    return this;
  }

  find(project: string, region: string, name: string): JobState {
    const job = this.jobs.get(jobKey(project, region, name));
    if (!job)
      throw new ApiError(
        404,
        `Resource '${name}' of kind 'JOB' in region '${region}' in project '${project}' does not exist.`,
      );
    return job;
  }

  /** UpdateJob replaces the job's spec with what it is sent. */
  update(job: JobState, body: Record<string, unknown>): void {
    const template = body.template as ExecutionTemplateJson | undefined;
    if (!template?.template?.containers?.[0]?.image)
      throw new ApiError(400, 'template.template.containers[0].image is required.');
    job.template = template;
    if (body.labels && typeof body.labels === 'object') job.labels = body.labels as Record<string, string>;
    if (body.annotations && typeof body.annotations === 'object')
      job.annotations = body.annotations as Record<string, string>;
    job.generation += 1;
    job.updateTime = this.now().toISOString();
  }

  /** RunJob: a new execution from the job's template with the overrides (args, timeout) applied. */
  run(job: JobState, overrides: Record<string, unknown> | undefined): ExecutionRecord {
    const now = this.now();
    const container = overrides?.containerOverrides as Array<{ args?: string[]; clearArgs?: boolean }> | undefined;
    const base = job.template.template ?? {};
    const first = base.containers?.[0] ?? {};
    const args = container?.[0]?.clearArgs ? [] : (container?.[0]?.args ?? first.args ?? []);
    const timeoutSeconds = durationSeconds(overrides?.timeout ?? base.timeout, 600);
    const { ms, outcome } = outcomeOf(args, timeoutSeconds, this.executionMs);
    job.executionCount += 1;
    const name = `${job.name}-${suffix(`${job.name}:${job.executionCount}:${now.toISOString()}`)}`;
    const execution: ExecutionRecord = {
      job,
      name,
      createTime: now.toISOString(),
      doneAt: now.getTime() + ms,
      outcome,
      done: false,
      template: {
        ...job.template,
        template: { ...base, containers: [{ ...first, args }], timeout: `${timeoutSeconds}s` },
      },
      labels: { ...(job.template.labels ?? {}), 'run.googleapis.com/job': job.name },
    };
    this.executions.set(name, execution);
    return execution;
  }

  /** Completes the executions whose time has come. */
  settle(): void {
    const now = this.now();
    for (const e of this.executions.values()) {
      if (e.done || e.doneAt > now.getTime()) continue;
      e.done = true;
      e.completionTime = new Date(e.doneAt).toISOString();
    }
  }

  /** The executions of a job, oldest first (for tests: how many a deploy started). */
  executionsOf(job: string): ExecutionRecord[] {
    this.settle();
    return [...this.executions.values()].filter((e) => e.job.name === job);
  }
}

function suffix(seed: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const h = stableHash(seed);
  let out = '';
  for (let i = 0; i < 5; i += 1) out += letters[parseInt(h.slice(i * 2, i * 2 + 2), 16) % letters.length];
  return out;
}
