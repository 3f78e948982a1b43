import { createRequire } from 'node:module';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { v2 } from '@google-cloud/run';
import { setUpMessageTypes } from '../shared/gax-warm-up.js';
import { type AuthLibrary, loadFetchOf } from '../google-auth.js';
import { type GaxSettings, gaxOptions } from '../shared/gax-options.js';

/**
 * Creates the Cloud Run clients (through `vendorClient`: in the bot's warm-up, else on first use). Only the two
 * clients used are loaded, by path: the package's index loads all eight (jobs, builds, worker pools, …), which
 * took ~10 MB and ~80 ms more. Each step runs in a macrotask of its own, so a request can be served between them.
 */

export interface RunClients {
  services: v2.ServicesClient;
  revisions: v2.RevisionsClient;
  close(): Promise<void>;
}

export type ClientSettings = GaxSettings;

/** The google-gax the Cloud Run clients load (`@google-cloud/run` brings its own; it is no dependency of ours). */
function gaxOfCloudRun(): { googleAuthLibrary: AuthLibrary } {
  return createRequire(import.meta.resolve('@google-cloud/run'))('google-gax');
}

export async function createClients(settings: ClientSettings): Promise<RunClients> {
  const { ServicesClient } = await import('@google-cloud/run/build/src/v2/services_client.js');
  const { RevisionsClient } = await import('@google-cloud/run/build/src/v2/revisions_client.js');
  type Options = NonNullable<ConstructorParameters<typeof v2.ServicesClient>[0]>;
  const options = (await gaxOptions(settings)) as Options;
  if (!options.authClient) await loadFetchOf(gaxOfCloudRun().googleAuthLibrary); // gax's own copy sends the requests
  await nextTurn();
  const services = new ServicesClient(options);
  await nextTurn();
  const revisions = new RevisionsClient(options);
  await setUpMessageTypes(services, ['google.cloud.run.v2.Services'], ['google.longrunning.Operation']);
  await setUpMessageTypes(revisions, ['google.cloud.run.v2.Revisions']);
  return {
    services,
    revisions,
    close: async () => {
      await Promise.all([services.close(), revisions.close()]);
    },
  };
}
