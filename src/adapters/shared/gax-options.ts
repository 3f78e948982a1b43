import type { GoogleCredentials } from '../google-auth.js';

/** Where a google-gax client goes and what it authenticates with. */
export interface GaxSettings {
  /** A stand-in ("http://127.0.0.1:8123") or another API endpoint (a regional one); unset: Google's default. */
  endpoint?: string;
  /** The project the client bills to. */
  projectId?: string;
  /** What the client authenticates with (`googleCredentialsFor`); unset: Google's default credentials. */
  credentials?: GoogleCredentials;
}

/**
 * The constructor options every Google client of the bot gets: REST (`fallback`), not gRPC, so one transport
 * serves Google and a plain-HTTP stand-in and no gRPC channel stays open; the endpoint split into host, port and
 * protocol as google-gax wants it. Cast to the client's own options type at the call: google-gax bundles its own
 * google-auth-library, whose AuthClient type differs from ours only nominally.
 */
export async function gaxOptions(settings: GaxSettings): Promise<Record<string, unknown>> {
  const options: Record<string, unknown> = { fallback: true };
  if (settings.projectId) options.projectId = settings.projectId;
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
  if (auth) options.authClient = auth;
  return options;
}
