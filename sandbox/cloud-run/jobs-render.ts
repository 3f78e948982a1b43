import { jobPath, type ExecutionRecord, type JobState } from './jobs-model.js';
import { stableHash, uidOf } from './model.js';

/** Jobs and Executions as Cloud Run Admin API v2 JSON (enum names; wire.ts turns them into numbers). */

const CREATOR = 'chatops-bot@demo-project.iam.gserviceaccount.com';

export const executionPath = (e: ExecutionRecord): string => `${jobPath(e.job)}/executions/${e.name}`;

function latestExecution(job: JobState, executions: Iterable<ExecutionRecord>): ExecutionRecord | undefined {
  return [...executions].filter((e) => e.job === job).at(-1);
}

export function renderJob(job: JobState, executions: Iterable<ExecutionRecord>): Record<string, unknown> {
  const latest = latestExecution(job, executions);
  const at = job.updateTime;
  return {
    name: jobPath(job),
    uid: uidOf(jobPath(job)),
    generation: String(job.generation),
    labels: job.labels,
    annotations: job.annotations,
    createTime: job.createTime,
    updateTime: job.updateTime,
    creator: CREATOR,
    lastModifier: CREATOR,
    launchStage: 'GA',
    template: job.template,
    observedGeneration: String(job.generation),
    terminalCondition: { type: 'Ready', state: 'CONDITION_SUCCEEDED', lastTransitionTime: at },
    conditions: [],
    executionCount: job.executionCount,
    ...(latest
      ? {
          latestCreatedExecution: {
            name: executionPath(latest),
            createTime: latest.createTime,
            ...(latest.completionTime ? { completionTime: latest.completionTime } : {}),
          },
        }
      : {}),
    etag: `"${Buffer.from(`${job.generation}:${stableHash(job.updateTime + job.name)}`).toString('base64url')}"`,
  };
}

function conditions(e: ExecutionRecord): Array<Record<string, unknown>> {
  const started = { type: 'Started', state: 'CONDITION_SUCCEEDED', lastTransitionTime: e.createTime };
  const resources = { type: 'ResourcesAvailable', state: 'CONDITION_SUCCEEDED', lastTransitionTime: e.createTime };
  if (!e.done)
    return [
      resources,
      started,
      { type: 'Completed', state: 'CONDITION_RECONCILING', lastTransitionTime: e.createTime },
    ];
  const failed = e.outcome.status === 'failed';
  return [
    resources,
    started,
    {
      type: 'Completed',
      state: failed ? 'CONDITION_FAILED' : 'CONDITION_SUCCEEDED',
      lastTransitionTime: e.completionTime,
      ...(e.outcome.status === 'failed' ? { message: e.outcome.message, severity: 'ERROR' } : {}),
    },
  ];
}

export function renderExecution(e: ExecutionRecord): Record<string, unknown> {
  const { project, region, name: job } = e.job;
  const failed = e.done && e.outcome.status === 'failed';
  return {
    name: executionPath(e),
    uid: uidOf(executionPath(e)),
    creator: CREATOR,
    generation: '1',
    labels: e.labels,
    annotations: {},
    createTime: e.createTime,
    startTime: e.createTime,
    ...(e.completionTime ? { completionTime: e.completionTime } : {}),
    updateTime: e.completionTime ?? e.createTime,
    launchStage: 'GA',
    job,
    parallelism: 1,
    taskCount: 1,
    template: e.template.template ?? {},
    ...(e.done ? {} : { reconciling: true }),
    conditions: conditions(e),
    observedGeneration: '1',
    runningCount: e.done ? 0 : 1,
    succeededCount: e.done && !failed ? 1 : 0,
    failedCount: failed ? 1 : 0,
    cancelledCount: 0,
    retriedCount: 0,
    logUri: `https://console.cloud.google.com/logs/viewer?project=${project}&advancedFilter=resource.type%3D%22cloud_run_job%22%0Aresource.labels.job_name%3D%22${job}%22%0Alabels.%22run.googleapis.com/execution_name%22%3D%22${e.name}%22%0Aresource.labels.location%3D%22${region}%22`,
    etag: `"${Buffer.from(stableHash(e.name + (e.completionTime ?? ''))).toString('base64url')}"`,
  };
}
