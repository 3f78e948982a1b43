import { z } from 'zod';
import { apiEndpoint, hostPort } from './env-fields.js';
import { type JobEndpointAuth, jobEndpoint } from './env-jobs.js';

/** The security audit's environment variables, composed into env.ts's schema. */

export const auditEnvSchema = {
  /** The Firebase Rules API (a stand-in when plain HTTP); firebaserules.googleapis.com by default. */
  FIREBASE_RULES_API_ENDPOINT: apiEndpoint,
  /** The Secret Manager API; secretmanager.googleapis.com by default. */
  SECRET_MANAGER_API_ENDPOINT: apiEndpoint,
  /** The Firestore API that lists each database's collections; firestore.googleapis.com by default. */
  FIRESTORE_API_ENDPOINT: apiEndpoint,
  /** A Firestore emulator (gcloud emulators firestore start) the released rules are tried in; unset: not tried. */
  FIRESTORE_RULES_EMULATOR_HOST: hostPort,
  SECURITY_AUDIT_JOB_AUDIENCE: z.string().min(1).optional(),
};

type AuditEnvValues = { [K in keyof typeof auditEnvSchema]?: string };

/** Where the security audit's clients go; each unset means Google's own endpoint (the emulator: no dynamic check). */
export interface AuditEnv {
  rulesEndpoint?: string;
  secretManagerEndpoint?: string;
  firestoreEndpoint?: string;
  rulesEmulatorHost?: string;
  /** POST /jobs/security-audit: the same callers as the cost jobs, with an audience of its own. */
  job: JobEndpointAuth;
}

export function auditEnv(e: AuditEnvValues): AuditEnv {
  return {
    rulesEndpoint: e.FIREBASE_RULES_API_ENDPOINT,
    secretManagerEndpoint: e.SECRET_MANAGER_API_ENDPOINT,
    firestoreEndpoint: e.FIRESTORE_API_ENDPOINT,
    rulesEmulatorHost: e.FIRESTORE_RULES_EMULATOR_HOST,
    job: jobEndpoint('/jobs/security-audit', 'SECURITY_AUDIT_JOB_AUDIENCE', e.SECURITY_AUDIT_JOB_AUDIENCE, new Map()),
  };
}

/** The endpoint URLs checked for a user name or password (env.ts). */
export const auditUrls = (e: AuditEnvValues): Record<string, string | undefined> => ({
  FIREBASE_RULES_API_ENDPOINT: e.FIREBASE_RULES_API_ENDPOINT,
  SECRET_MANAGER_API_ENDPOINT: e.SECRET_MANAGER_API_ENDPOINT,
  FIRESTORE_API_ENDPOINT: e.FIRESTORE_API_ENDPOINT,
});
