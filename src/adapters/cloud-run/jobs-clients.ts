import type { v2 } from '@google-cloud/run';
import type { ClientSettings } from './clients.js';
import { gaxOptions } from '../shared/gax-options.js';

/** The Cloud Run Jobs and Executions clients, created on first use (like clients.ts: google-gax is slow to load). */
export interface JobClients {
  jobs: v2.JobsClient;
  executions: v2.ExecutionsClient;
  close(): Promise<void>;
}

export async function createJobClients(settings: ClientSettings): Promise<JobClients> {
  const run = await import('@google-cloud/run');
  const api = run.v2 ?? run.default.v2;
  type Options = NonNullable<ConstructorParameters<typeof v2.JobsClient>[0]>;
  const options = (await gaxOptions(settings)) as Options;
  const jobs = new api.JobsClient(options);
  const executions = new api.ExecutionsClient(options);
  return {
    jobs,
    executions,
    close: async () => {
      await Promise.all([jobs.close(), executions.close()]);
    },
  };
}
