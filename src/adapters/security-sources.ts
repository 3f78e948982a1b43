import type { Settings } from '../config/env.js';
import type { SecuritySources } from '../ports/security.js';
import { createExposureApi } from './cloud-run/exposure.js';
import { createRulesLab } from './firebase-rules/emulator-lab.js';
import { createDatabaseCatalog, createRulesApi } from './firebase-rules/index.js';
import { googleCredentialsFor } from './google-auth.js';
import { createSecretInventory } from './secret-manager/index.js';

/** The security audit's sources, each client made on first use (none is loaded before an audit runs). */
export function createSecuritySources(settings: Settings): SecuritySources {
  const { audit, cloudRun, cost } = settings;
  const exposure = createExposureApi({
    endpoint: cloudRun.endpoint,
    credentials: googleCredentialsFor(cloudRun.endpoint),
    projectId: settings.googleCloudProject,
  });
  const secrets = createSecretInventory(audit.secretManagerEndpoint, googleCredentialsFor(audit.secretManagerEndpoint));
  const endpoints = [cost.jobs.digest, cost.jobs.budget, audit.job];
  return {
    rules: createRulesApi(audit.rulesEndpoint, googleCredentialsFor(audit.rulesEndpoint)),
    catalog: createDatabaseCatalog(audit.firestoreEndpoint, googleCredentialsFor(audit.firestoreEndpoint)),
    lab: createRulesLab(audit.rulesEmulatorHost),
    exposure,
    secrets,
    jobEndpoints: endpoints.map((e) => ({
      path: e.path,
      oidc: e.audiences.length > 0 && cost.jobs.invokers.length > 0,
      sharedSecret: cost.jobs.secret !== undefined,
    })),
    close: async () => {
      await Promise.all([exposure.close(), secrets.close()]);
    },
  };
}
