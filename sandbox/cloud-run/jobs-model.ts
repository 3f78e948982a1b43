/**
 * Cloud Run Jobs and Executions in the stand-in, kept in the shapes of the Admin API v2 JSON (google/cloud/run/v2
 * job.proto, execution.proto, execution_template.proto, task_template.proto). A job's execution succeeds or fails
 * by its arguments, as a real container would by its exit code:
 * - `--fail` or `--exit-code=N` (N ≠ 0): the task fails;
 * - `--seconds=N`: it runs N seconds (default: `executionMs` of the stand-in); longer than the timeout fails.
 */

export interface JobState {
  project: string;
  region: string;
  name: string;
  generation: number;
  createTime: string;
  updateTime: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  /** The ExecutionTemplate as the API carries it: labels, taskCount, template (TaskTemplate: containers, timeout). */
  template: ExecutionTemplateJson;
  executionCount: number;
}

export interface ExecutionTemplateJson {
  labels?: Record<string, string>;
  parallelism?: number;
  taskCount?: number;
  template?: {
    containers?: Array<{ name?: string; image?: string; args?: string[]; [key: string]: unknown }>;
    timeout?: string;
    maxRetries?: number;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

export interface ExecutionRecord {
  job: JobState;
  /** Short name, `<job>-<5 letters>`. */
  name: string;
  createTime: string;
  /** When it completes, and how (from its args and timeout). */
  doneAt: number;
  outcome: { status: 'succeeded' } | { status: 'failed'; message: string };
  done: boolean;
  completionTime?: string;
  /** The job's template as it was when the execution started, with the overrides applied. */
  template: ExecutionTemplateJson;
  labels: Record<string, string>;
}

export interface JobSeed {
  project: string;
  region: string;
  name: string;
  image: string;
  args?: string[];
  labels?: Record<string, string>;
}

export const jobPath = (j: Pick<JobState, 'project' | 'region' | 'name'>): string =>
  `projects/${j.project}/locations/${j.region}/jobs/${j.name}`;

export const jobKey = (project: string, region: string, name: string): string => `${project}/${region}/${name}`;

/** "600s" → 600; a google.protobuf.Duration as JSON. */
export function durationSeconds(value: unknown, fallback: number): number {
  if (typeof value === 'string' && /^\d+(\.\d+)?s$/.test(value)) return Number(value.slice(0, -1));
  if (value && typeof value === 'object' && 'seconds' in value) return Number((value as { seconds: unknown }).seconds);
  return fallback;
}

/** How an execution with these args ends, and after how long. */
export function outcomeOf(
  args: string[],
  timeoutSeconds: number,
  defaultMs: number,
): { ms: number; outcome: ExecutionRecord['outcome'] } {
  const seconds = args.map((a) => /^--seconds=(\d+(\.\d+)?)$/.exec(a)?.[1]).find(Boolean);
  const ms = seconds !== undefined ? Number(seconds) * 1000 : defaultMs;
  if (ms > timeoutSeconds * 1000)
    return {
      ms: timeoutSeconds * 1000,
      outcome: { status: 'failed', message: `Task timed out after ${timeoutSeconds}s.` },
    };
  const exit = args.includes('--fail')
    ? 1
    : Number(args.map((a) => /^--exit-code=(\d+)$/.exec(a)?.[1]).find(Boolean) ?? 0);
  if (exit !== 0)
    return {
      ms,
      outcome: {
        status: 'failed',
        message: `Task failed with message: The container exited with an error (exit code ${exit}).`,
      },
    };
  return { ms, outcome: { status: 'succeeded' } };
}
