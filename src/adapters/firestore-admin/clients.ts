import type { v1 } from '@google-cloud/firestore';
import { type GaxSettings, gaxOptions } from '../shared/gax-options.js';

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

export type FirestoreClientSettings = GaxSettings;

export async function createFirestoreClients(settings: FirestoreClientSettings): Promise<FirestoreClients> {
  const firestore = await import('@google-cloud/firestore');
  const api = firestore.v1 ?? firestore.default.v1;
  type Options = NonNullable<ConstructorParameters<typeof v1.FirestoreAdminClient>[0]>;
  const options = (await gaxOptions(settings)) as Options;
  const base = settings.endpoint ? new URL(settings.endpoint).origin : 'https://firestore.googleapis.com';
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
