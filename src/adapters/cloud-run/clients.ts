import type { v2 } from '@google-cloud/run';

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
  /** e.g. "http://127.0.0.1:8123" (a stand-in) or "https://europe-west1-run.googleapis.com" (a regional endpoint). */
  endpoint?: string;
  projectId?: string;
}

/** The access token sent to a plain-HTTP endpoint: a local stand-in needs a token, not a Google identity. */
export const STANDIN_ACCESS_TOKEN = 'sandbox-access-token';

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
    if (protocol === 'http') {
      // Plain HTTP is only ever a stand-in: a fixed bearer token, so nothing looks for Google credentials
      // (no ADC file, no metadata server). An https endpoint keeps the default credentials.
      const { OAuth2Client } = await import('google-auth-library');
      const auth = new OAuth2Client();
      auth.setCredentials({ access_token: STANDIN_ACCESS_TOKEN });
      // google-gax bundles its own google-auth-library; the two AuthClient types differ only nominally.
      options.authClient = auth as unknown as Options['authClient'];
    }
  }
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
