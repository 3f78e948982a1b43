/** Cloud Run Jobs, in the words the workflows use: point a job at an image, run it, follow its execution. */

export interface JobLocation {
  project: string;
  region: string;
  /** The job's short name. */
  job: string;
}

export type ExecutionState = 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobExecution {
  /** Full name: projects/…/locations/…/jobs/…/executions/…. */
  name: string;
  state: ExecutionState;
  /** Where its logs are, in the Cloud Console. */
  logUri?: string;
  /** Why it failed, as Cloud Run says it (the Completed condition's message). */
  message?: string;
  tasks: { total: number; succeeded: number; failed: number };
  createTime?: Date;
  completionTime?: Date;
}

export interface JobRunner {
  /** Sets the job's container image (overrides cannot) and labels its executions; waits for the update. */
  pointAt(job: JobLocation, image: string, labels: Record<string, string>): Promise<void>;
  /** Starts an execution with these arguments and task timeout; returns as soon as Cloud Run names it. */
  run(job: JobLocation, overrides: { args: string[]; timeoutSeconds: number }): Promise<JobExecution>;
  getExecution(name: string): Promise<JobExecution>;
  /** The newest execution of the job carrying this label, if any: a run whose start was not recorded. */
  findExecution(job: JobLocation, label: { key: string; value: string }): Promise<JobExecution | undefined>;
}
