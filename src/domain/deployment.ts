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

export type CheckMark = 'pass' | 'warn' | 'fail';

/** One line of the pre-deployment checklist, with its live result. */
export interface PlanCheck {
  name: string;
  mark: CheckMark;
  detail: string;
}

export type RiskLevel = 'low' | 'medium' | 'high';

/** What the plan shows besides the deploy's own state: computed once, at request time. */
export interface DeployPlan {
  /** What is live now, and what the deploy changes against it. */
  baseSha?: string;
  changes?: { aheadBy: number; authors: string[]; compareUrl: string; files: number };
  /** Why the changes against `baseSha` are not known (GitHub's compare failed): the plan says so instead of guessing. */
  changesUnknown?: string;
  risk: { level: RiskLevel; reasons: string[] };
  estimateSeconds: number;
  checks: PlanCheck[];
  /** How success is verified, in words. */
  verification: string[];
}

export interface Deployment {
  id: string;
  service: string;
  environment: string;
  ref: string;
  sha: string;
  commitTitle?: string;
  commitAuthor?: string;
  commitUrl?: string;
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
  plan?: DeployPlan;
  /** The GitHub Deployment record that mirrors this deploy. */
  githubDeploymentId?: number;
  /** github-actions: the run being followed. */
  run?: { id?: number; url?: string; dispatchedAt: string };
  /** Which bot instance drives the rollout, until when; another may take over after. */
  lease?: { owner: string; until: string };
  /** The plan message, updated in place; progress replies go to its thread. */
  message?: { channel: string; ts: string };
  error?: string;
}

export const DEPLOYMENTS = 'deployments';
