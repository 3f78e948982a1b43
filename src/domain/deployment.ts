/** A deploy as the store records it. The deploy workflow owns its life cycle; others only read it. */
export type DeploymentStatus =
  | 'pending' // waiting for approvals
  | 'approved' // approvals complete, rollout not started yet
  | 'rejected'
  | 'expired'
  | 'running'
  | 'succeeded'
  | 'failed'
  | 'rolled_back';

export const FINISHED: ReadonlySet<DeploymentStatus> = new Set(['rejected', 'expired', 'succeeded', 'failed', 'rolled_back']);
export const IN_FLIGHT: ReadonlySet<DeploymentStatus> = new Set(['approved', 'running']);

export interface Approval {
  user: string;
  /** ISO 8601; records hold JSON, so times are strings. */
  at: string;
}

export type StepState = 'pending' | 'running' | 'done' | 'failed' | 'skipped';

export interface DeployStep {
  name: string;
  state: StepState;
  startedAt?: string;
  finishedAt?: string;
  detail?: string;
}

export interface Deployment {
  id: string;
  service: string;
  environment: string;
  ref: string;
  sha: string;
  commitTitle?: string;
  commitAuthor?: string;
  strategy: 'cloud-run' | 'github-actions';
  status: DeploymentStatus;
  requestedBy: string;
  requestedAt: string;
  /** When a pending deploy's approval window closes. */
  expiresAt?: string;
  /** The user IDs who may approve (groups resolved at request time). */
  approvers: string[];
  requiredApprovals: number;
  approvals: Approval[];
  rejection?: { user: string; at: string; reason: string };
  /** Break-glass: who forced it past approval, locks and freezes, and why. */
  forced?: { user: string; reason: string };
  startedAt?: string;
  finishedAt?: string;
  /** The Cloud Run revision (or GitHub Actions run URL) this deploy created. */
  revision?: string;
  /** What it returns to on rollback: the revision, or the ref for github-actions. */
  rollbackTarget?: string;
  steps: DeployStep[];
  /** The plan message, updated in place; progress replies go to its thread. */
  message?: { channel: string; ts: string };
  error?: string;
}

export const DEPLOYMENTS = 'deployments';
