import type { JobEndpointAuth, Settings } from '../config/env.js';
import type { SecuritySources } from '../ports/security.js';
import type { RunClients } from './cloud-run/clients.js';
import { createExposureApi } from './cloud-run/exposure.js';
import { createRulesLab } from './firebase-rules/emulator-lab.js';
import { createDatabaseCatalog, createRulesApi } from './firebase-rules/index.js';
import { googleCredentialsFor } from './google-auth.js';
import { createSecretInventory } from './secret-manager/index.js';

/**
 * The security audit's sources, each client made on first use. `runClients` are the Cloud Run platform's (one set per process); `jobEndpoints` every job and hook entry the
 * bot serves, for the check of which of them a shared secret alone opens.
 */
export function createSecuritySources(
  settings: Settings,
  runClients: () => Promise<RunClients>,
  jobEndpoints: JobEndpointAuth[],
): SecuritySources {
  const { audit, cost } = settings;
  const exposure = createExposureApi(runClients);
  const secrets = createSecretInventory(audit.secretManagerEndpoint, googleCredentialsFor(audit.secretManagerEndpoint));
  return {
    rules: createRulesApi(audit.rulesEndpoint, googleCredentialsFor(audit.rulesEndpoint)),
    catalog: createDatabaseCatalog(audit.firestoreEndpoint, googleCredentialsFor(audit.firestoreEndpoint)),
    lab: createRulesLab(audit.rulesEmulatorHost),
    exposure,
    secrets,
    jobEndpoints: jobEndpoints.map((e) => ({
      path: e.path,
      oidc: e.audiences.length > 0 && cost.jobs.invokers.length > 0,
      sharedSecret: cost.jobs.secret !== undefined,
    })),
    close: async () => {
      await secrets.close();
    },
  };
}
