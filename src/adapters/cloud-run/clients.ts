import type { v2 } from '@google-cloud/run';
import type { GoogleCredentials } from '../google-auth.js';

/**
 * Creates the Cloud Run clients on first use: `@google-cloud/run` (with google-gax) takes a few hundred
 * milliseconds to load, which the bot's cold start should not pay before anyone asks about Cloud Run.
 */

export interface RunClients {
  services: v2.ServicesClient;
  revisions: v2.RevisionsClient;
  close(): Promise<void>;
}

export interface ClientSettings {
  /** A stand-in ("http://127.0.0.1:8123") or another API endpoint (a regional one); unset: run.googleapis.com. */
  endpoint?: string;
  /** The project the clients bill to, and the one used when a location names none. */
  projectId?: string;
  /** What the clients authenticate with (`googleCredentialsFor`); unset: Google's default credentials. */
  credentials?: GoogleCredentials;
}

export async function createClients(settings: ClientSettings): Promise<RunClients> {
  const run = await import('@google-cloud/run');
  const api = run.v2 ?? run.default.v2;
  type Options = NonNullable<ConstructorParameters<typeof v2.ServicesClient>[0]>;
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
  const services = new api.ServicesClient(options);
  const revisions = new api.RevisionsClient(options);
  return {
    services,
    revisions,
    close: async () => {
      await Promise.all([services.close(), revisions.close()]);
    },
  };
}
