import type { AuthClient } from 'google-auth-library';

/**
 * The credentials a Google API client authenticates with, made on first use: google-auth-library takes a while
 * to load, which the bot's cold start should not pay before anyone calls a Google API. `undefined` means Google's
 * default credentials (ADC: the metadata server on Cloud Run, `gcloud auth application-default login` locally),
 * which each client finds with its own scopes.
 */
export type GoogleCredentials = () => Promise<AuthClient | undefined>;

/** The bearer token sent to a stand-in: it needs a token, not a Google identity. */
const STANDIN_ACCESS_TOKEN = 'sandbox-access-token';

/**
 * What the composition root gives an adapter for `endpoint`: plain HTTP is only ever a local stand-in, so it
 * gets a fixed token and nothing looks for Google credentials (no ADC file, no metadata server); Google's own
 * endpoint, or another https one, gets the default credentials.
 */
export function googleCredentialsFor(endpoint: string | undefined): GoogleCredentials {
  if (!endpoint?.startsWith('http:')) return async () => undefined;
  return async () => {
    const library = await import('google-auth-library');
    const auth = new library.OAuth2Client();
    auth.setCredentials({ access_token: STANDIN_ACCESS_TOKEN });
    await loadFetchOf(library);
    return auth;
  };
}

export interface AuthLibrary {
  gaxios: { Gaxios: new () => { request(options: { url: string; responseType: 'text' }): Promise<unknown> } };
}

/**
 * gaxios, under every Google client, imports node-fetch on its first request: 50–170 ms of module loading on the
 * event loop, which the bot's warm-up should take instead of the first user. A request for a `data:` URL takes
 * that path without the network. `library` is the google-auth-library copy whose gaxios will send the requests.
 */
export async function loadFetchOf(library: AuthLibrary): Promise<void> {
  await new library.gaxios.Gaxios().request({ url: 'data:,', responseType: 'text' });
}
