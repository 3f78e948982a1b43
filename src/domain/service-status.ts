import type { Deployment } from './deployment.js';
import type { PortErrorCode } from './errors.js';
import type { LiveState } from './live.js';
import type { RuntimeService, ServiceLocation } from './runtime.js';

/** One service's health as /ops status reports it. */
export interface ServiceStatus {
  service: string;
  /** The environments served by this Cloud Run service (several when they share one). */
  environments: string[];
  location: ServiceLocation;
  runtime?: RuntimeService;
  /** Why the runtime could not be read, in words for the user. */
  runtimeError?: { code: PortErrorCode | 'internal'; message: string };
  /** The newest deploy that reached traffic (never a rejected, expired or failed plan). */
  lastDeploy: Deployment | null;
  /** What serves by the records, compared with Cloud Run's traffic. */
  live?: LiveState;
  checkedAt: Date;
}
