import type { CardStop } from './deployment.js';
import type { Lease } from './lease.js';
import type { ApprovalRequest } from './approval.js';
import { collection } from './collection.js';
import { rollbackRequestSchema } from './rollback-schema.js';
import type { MigrationNote } from './deploy-gates.js';

export interface RollbackResult {
  strategy: 'cloud-run' | 'github-actions';
  /** The revision now serving 100%, or the ref dispatched. */
  to: string;
  from?: string;
  ms: number;
  /** github-actions: where to follow the dispatched run. */
  url?: string;
  /** Migrations that ran after `to` went live (a direct /rollback says so after the move; a request, before). */
  migrations?: MigrationNote[];
}

export type RollbackRequestStatus =
  | 'pending' // waiting for approvals
  | 'running' // approved: the instance holding the lease is moving the traffic (another takes over if it stops)
  | 'succeeded'
  | 'failed'
  | 'rejected'
  | 'expired';

/**
 * A rollback that needs approval (`environments.<env>.rollback.requiresApproval`): a record with a state, so the
 * approval that completes the set is seen by exactly one caller, which runs the rollback once.
 */
export interface RollbackRequest extends ApprovalRequest {
  id: string;
  service: string;
  environment: string;
  strategy: 'cloud-run' | 'github-actions';
  status: RollbackRequestStatus;
  reason?: string;
  /** Asked for with the incident card's button rather than /rollback. */
  via?: CardStop;
  expiresAt: string;
  /** What serves now (revision, or the last deployed ref), and what the rollback returns to. */
  from?: string;
  to: string;
  /** The bot's deploy that made `to`, when there is one. */
  targetDeploy?: { id: string; sha: string; ref: string; requestedBy: string; finishedAt?: string };
  /** No reason is asked: the audit log says who (an approver, or the requester withdrawing it). */
  rejection?: { user: string; at: string };
  startedAt?: string;
  /** Its card warned of migrations before the approval: the result holds none. */
  result?: Omit<RollbackResult, 'migrations'>;
  error?: string;
  /** The Rollback Request card, updated in place; the result goes to its thread. */
  message?: { channel: string; ts: string };
  /** While `running`: the instance executing it, until when (`deploy.leaseSeconds`, renewed while it works). */
  lease?: Lease;
  /** When an instance first began to move the traffic (or dispatch): a takeover after it may find the move landed. */
  moveStartedAt?: string;
  /** How many times the execution was taken over after its instance stopped. */
  resumes?: number;
  /** The `rollback` audit entry on the service was written (once, however many instances ran the move). */
  audited?: boolean;
  /** Pre-deploy jobs (migrations) that ran after the revision it returns to: the card warns about them. */
  migrations?: MigrationNote[];
}

export const ROLLBACK_REQUESTS = collection('rollback-requests', rollbackRequestSchema);
