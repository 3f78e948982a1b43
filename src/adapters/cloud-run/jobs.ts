import { PortError } from '../../domain/errors.js';
import type { JobExecution, JobLocation, JobRunner } from '../../ports/job-runner.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from '../shared/retry.js';
import type { ClientSettings } from './clients.js';
import { type GaxOptions, isOperationError } from './gax.js';
import { resolveLocation } from './location.js';
import { createJobClients } from './jobs-clients.js';
import {
  type ApiExecution,
  type ApiJob,
  type JobAction,
  JOBS_BACKEND,
  jobPath,
  mapExecution,
  pointedJob,
  toJobError,
} from './jobs-mapping.js';
import { vendorClient, type VendorClients } from '../shared/vendor-clients.js';

/**
 * Cloud Run Jobs through `@google-cloud/run` (JobsClient, ExecutionsClient; REST fallback, so a stand-in on
 * 127.0.0.1 works as Google's endpoint does). Running a job is never retried: a retry after a timeout could start a
 * second execution; the workflow looks for the execution by its label instead.
 */
export interface CloudRunJobsOptions extends ClientSettings {
  /** Warms the client after listen, before ready (src/adapters/shared/vendor-clients.ts); unset: loaded on first use. */
  vendorClients?: VendorClients;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

export type CloudRunJobs = JobRunner & { close(): Promise<void> };

type JobOperation = { promise(): Promise<[ApiJob, ...unknown[]]>; metadata: unknown; removeAllListeners(): unknown };
type RunOperation = { metadata: unknown; latestResponse?: { metadata?: unknown } };

export function createCloudRunJobs(options: CloudRunJobsOptions = {}): CloudRunJobs {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const gax: GaxOptions = { timeout: timeoutMs, retry: null };
  const getClients = vendorClient(
    'Cloud Run Jobs',
    () =>
      createJobClients(options).catch((error: unknown) => {
        throw new PortError(
          'unavailable',
          `The Cloud Run client could not start: ${error instanceof Error ? error.message : String(error)}`,
          JOBS_BACKEND,
        );
      }),
    options.vendorClients,
  );

  function call<T>(action: JobAction, job: string, run: () => Promise<T>, retry = true): Promise<T> {
    return withRetries(() => run(), {
      timeoutMs,
      policy: retry ? policy : { ...policy, attempts: 1 },
      translate: (e) => toJobError(e, action, job),
      timedOut: () =>
        new PortError(
          'timeout',
          `Cloud Run did not answer within ${timeoutMs / 1000}s (${action} ${job})`,
          JOBS_BACKEND,
        ),
    });
  }

  const where = (j: JobLocation): JobLocation => {
    const { project, region } = resolveLocation(
      { project: j.project, region: j.region, service: j.job },
      options.projectId,
    );
    return { project, region, job: j.job };
  };

  return {
    async pointAt(j, image, labels) {
      const job = where(j);
      const c = await getClients();
      const [current] = await call('read', job.job, () => c.jobs.getJob({ name: jobPath(job) }, gax));
      const [operation] = await call('update', job.job, () =>
        c.jobs.updateJob({ job: pointedJob(current, image, labels) }, gax),
      );
      try {
        await (operation as unknown as JobOperation).promise();
      } catch (error) {
        (operation as unknown as JobOperation).removeAllListeners();
        if (isOperationError(error))
          throw new PortError('invalid', `Cloud Run could not update job ${job.job}: ${error.message}`, JOBS_BACKEND);
        throw toJobError(error, 'update', job.job);
      }
    },

    async run(j, overrides) {
      const job = where(j);
      const c = await getClients();
      const request = {
        name: jobPath(job),
        overrides: {
          containerOverrides: [{ args: overrides.args, clearArgs: overrides.args.length === 0 }],
          timeout: { seconds: overrides.timeoutSeconds },
        },
      };
      const [operation] = await call('run', job.job, () => c.jobs.runJob(request, gax), false);
      // The operation's metadata is the Execution, named at once; it is followed with getExecution, not the operation.
      const execution = (operation as unknown as RunOperation).metadata as ApiExecution | null;
      if (!execution?.name)
        throw new PortError('unavailable', `Cloud Run started job ${job.job} but named no execution`, JOBS_BACKEND);
      return mapExecution(execution);
    },

    async getExecution(name) {
      const c = await getClients();
      const job = name.split('/')[5] ?? name;
      const [execution] = await call('follow the execution of', job, () => c.executions.getExecution({ name }, gax));
      return mapExecution(execution);
    },

    async findExecution(j, label): Promise<JobExecution | undefined> {
      const job = where(j);
      const c = await getClients();
      const [executions] = await call('read', job.job, () =>
        c.executions.listExecutions({ parent: jobPath(job), pageSize: 50 }, { ...gax, autoPaginate: false }),
      );
      const found = executions
        .filter((e) => e.labels?.[label.key] === label.value)
        .sort((a, b) => String(b.name).localeCompare(String(a.name)))[0];
      return found ? mapExecution(found) : undefined;
    },

    async close() {
      await (await getClients.release())?.close();
    },
  };
}
