import type { v1 } from '@google-cloud/firestore';
import type { GoogleCredentials } from '../google-auth.js';

/**
 * The Firestore Admin and data clients (`@google-cloud/firestore`'s v1 GAPIC clients over REST), created on first
 * use: google-gax and the protos take a few hundred milliseconds to load, which no ack should wait for.
 */

type AdminClient = InstanceType<typeof v1.FirestoreAdminClient>;
type DataClient = InstanceType<typeof v1.FirestoreClient>;

export interface FirestoreClients {
  admin: AdminClient;
  data: DataClient;
  /** An authenticated REST call with the admin client's credentials, for a method this client version lacks. */
  request<T>(method: 'POST' | 'GET', path: string, body?: unknown): Promise<T>;
  close(): Promise<void>;
}

export interface FirestoreClientSettings {
  /** A stand-in ("http://127.0.0.1:8123"); unset: firestore.googleapis.com. */
  endpoint?: string;
  credentials?: GoogleCredentials;
}

export async function createFirestoreClients(settings: FirestoreClientSettings): Promise<FirestoreClients> {
  const firestore = await import('@google-cloud/firestore');
  const api = firestore.v1 ?? firestore.default.v1;
  type Options = NonNullable<ConstructorParameters<typeof v1.FirestoreAdminClient>[0]>;
  const options: Options = { fallback: true };
  let base = 'https://firestore.googleapis.com';
  if (settings.endpoint) {
    const url = new URL(settings.endpoint);
    const protocol = url.protocol.replace(/:$/, '');
    Object.assign(options, {
      apiEndpoint: url.hostname,
      port: Number(url.port || (protocol === 'https' ? 443 : 80)),
      protocol,
    });
    base = url.origin;
  }
  const auth = await settings.credentials?.();
  // google-gax bundles its own google-auth-library; the two AuthClient types differ only nominally.
  if (auth) options.authClient = auth as unknown as Options['authClient'];
  const admin = new api.FirestoreAdminClient(options);
  const data = new api.FirestoreClient(options);
  return {
    admin,
    data,
    request: async <T>(method: 'POST' | 'GET', path: string, body?: unknown) => {
      const response = await admin.auth.request<T>({
        url: `${base}/v1/${path}`,
        method,
        ...(body === undefined ? {} : { data: body }),
        responseType: 'json',
      });
      return response.data;
    },
    close: async () => {
      await Promise.all([admin.close(), data.close()]);
    },
  };
}
