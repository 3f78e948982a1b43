import { collection } from './collection.js';
import { deployLockSchema } from './lock-schema.js';

/** A deploy lock on one service and environment. A lock blocks everyone but its holder and break-glass. */
export interface DeployLock {
  service: string;
  environment: string;
  /** A Slack user ID, or "incident:<id>" for a lock an incident holds. */
  holder: string;
  reason: string;
  createdAt: string;
  /** ISO time; null for a lock that lasts until released (incident locks). */
  expiresAt: string | null;
  /** Set once the holder has been reminded of the coming expiry. */
  remindedAt?: string;
}

export const LOCKS = collection('locks', deployLockSchema);

/** One user lock per service and environment; an incident's lock has its own record, so both can coexist. */
export const lockId = (service: string, environment: string, incidentId?: string): string =>
  incidentId ? `${service}.${environment}.incident-${incidentId}` : `${service}.${environment}`;
