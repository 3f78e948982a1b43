import type { v2 } from '@google-cloud/run';
import type { ClientSettings } from './clients.js';

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
  const options: Options = { fallback: true, ...(settings.projectId ? { projectId: settings.projectId } : {}) };
  if (settings.endpoint) {
    const url = new URL(settings.endpoint);
    const protocol = url.protocol.replace(/:$/, '');
    Object.assign(options, {
      apiEndpoint: url.hostname,
      port: Number(url.port || (protocol === 'https' ? 443 : 80)),
      protocol,
    });
  }
  const auth = await settings.credentials?.();
  // google-gax bundles its own google-auth-library; the two AuthClient types differ only nominally.
  if (auth) options.authClient = auth as unknown as Options['authClient'];
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
