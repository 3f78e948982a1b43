import type { protos } from '@google-cloud/run';
import { PortError } from '../../domain/errors.js';
import type { ExecutionState, JobExecution, JobLocation } from '../../ports/job-runner.js';
import { codeOf, factsOf } from '../shared/google-error-facts.js';
import { conditionState, toDate } from './mapping.js';

export type ApiJob = protos.google.cloud.run.v2.IJob;
export type ApiExecution = protos.google.cloud.run.v2.IExecution;

export const JOBS_BACKEND = 'Cloud Run Jobs';

export const jobPath = (j: JobLocation): string => `projects/${j.project}/locations/${j.region}/jobs/${j.job}`;

/** An Execution → the port's shape. Done when `completionTime` is set; its `Completed` condition says how. */
export function mapExecution(e: ApiExecution): JobExecution {
  const completed = (e.conditions ?? []).find((c) => c.type === 'Completed');
  const completionTime = toDate(e.completionTime);
  const failed = (e.failedCount ?? 0) > 0 || conditionState(completed?.state) === 'failed';
  const state: ExecutionState = !completionTime
    ? 'running'
    : (e.cancelledCount ?? 0) > 0
      ? 'cancelled'
      : failed
        ? 'failed'
        : 'succeeded';
  const createTime = toDate(e.createTime);
  return {
    name: e.name ?? '',
    state,
    ...(e.logUri ? { logUri: e.logUri } : {}),
    ...(completed?.message ? { message: completed.message } : {}),
    tasks: { total: e.taskCount ?? 1, succeeded: e.succeededCount ?? 0, failed: e.failedCount ?? 0 },
    ...(createTime ? { createTime } : {}),
    ...(completionTime ? { completionTime } : {}),
  };
}

/** The job with its container image set and its executions labelled; the rest as read (UpdateJob replaces it all). */
export function pointedJob(job: ApiJob, image: string, labels: Record<string, string>): ApiJob {
  const template = job.template ?? {};
  const task = template.template ?? {};
  const containers = [...(task.containers ?? [])];
  containers[0] = { ...(containers[0] ?? {}), image };
  return {
    ...job,
    template: { ...template, labels: { ...(template.labels ?? {}), ...labels }, template: { ...task, containers } },
  };
}

export type JobAction = 'read' | 'update' | 'run' | 'follow the execution of';

/** What the client threw → a PortError a user can act on. */
export function toJobError(error: unknown, action: JobAction, job: string): PortError {
  if (error instanceof PortError) return error;
  const f = factsOf(error);
  const code = codeOf(f);
  const what = `Cloud Run job ${job}`;
  switch (code) {
    case 'not_found':
      return new PortError(
        code,
        `${what} not found: create it (gcloud run jobs create ${job} …) or fix rollout.preDeploy`,
        JOBS_BACKEND,
      );
    case 'permission_denied':
      return new PortError(
        code,
        `The bot may not ${action} ${what}: missing role ${action === 'read' || action === 'follow the execution of' ? 'roles/run.viewer' : 'roles/run.developer'}`,
        JOBS_BACKEND,
      );
    case 'invalid':
    case 'conflict':
      return new PortError(code, `Cloud Run refused to ${action} ${what}: ${f.message}`, JOBS_BACKEND);
    case 'timeout':
      return new PortError(code, `Cloud Run did not answer in time while trying to ${action} ${what}`, JOBS_BACKEND);
    default:
      return new PortError(
        code === 'rate_limited' || code === 'unauthenticated' ? code : 'unavailable',
        `Cloud Run API failed while trying to ${action} ${what}${f.http ? ` (HTTP ${f.http})` : f.networkCode ? ` (${f.networkCode})` : ''}: ${f.message}`,
        JOBS_BACKEND,
        f.retryAfter,
      );
  }
}
