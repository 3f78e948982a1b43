import type { Lease } from './lease.js';
import type { ApprovalRequest } from './approval.js';
import { collection } from './collection.js';
import { deploymentSchema } from './deployment-schema.js';
import type { DeployArtifact, MonitoringLinks, PreDeployRun } from './deploy-gates.js';

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
  /** The user the line is about (who rolled the commit back): mentioned before the detail, which is shown as text. */
  actor?: string;
  /** The holder of the lock a break-glass deploy was forced past (a user ID, or "incident:<id>"); detail: its reason. */
  forcedPast?: string;
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
  /** From the median of past successful deploys, or (none yet) from the steps. */
  estimateBasis?: 'history' | 'steps';
  checks: PlanCheck[];
  /** How success is verified, in words. */
  verification: string[];
  /** Cloud Logging filtered to the new revision, and the service's metrics page (cloud-run). */
  monitoring?: MonitoringLinks;
}

/** A deploy plan is an approval request (no expiry and no approvals required when it needs none). */
export interface Deployment extends ApprovalRequest {
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
  /** A deploy's Reject always asks why. */
  rejection?: { user: string; at: string; reason: string };
  /** Break-glass: who forced it past approval, locks and freezes, and why. */
  forced?: { user: string; reason: string };
  startedAt?: string;
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
  lease?: Lease;
  /** The plan message, updated in place; progress replies go to its thread. */
  message?: { channel: string; ts: string };
  error?: string;
  /** When traffic first moved to this deploy's revision (a canary step, or the workflow run's success). */
  reachedTrafficAt?: string;
  /** Set once traffic left this deploy's revision: it no longer serves. Cleared when a rollback returns to it. */
  stoppedServing?: StoppedServing;
  /** A rollback moved traffic back to this deploy's revision after it had stopped serving. */
  servingAgain?: { at: string; by: string };
  /** The image pinned for this deploy (promoted, or taken from the gate's environment), by digest where known. */
  artifact?: DeployArtifact;
  /** The pre-deploy jobs' runs, in the order of `rollout.preDeploy`. */
  preDeploy?: PreDeployRun[];
}

/** How traffic left a deploy's revision. */
export type StopCause = 'rollback' | 'automatic-rollback' | CardStop | 'superseded';
/** A Roll back button on a card: the incident's, or an alert's. */
export type CardStop = 'incident-card' | 'alert-card';

export interface StoppedServing {
  how: StopCause;
  /** A user ID, or "system" for the automatic rollback. */
  by: string;
  at: string;
  reason?: string;
  /** What serves instead: the revision (cloud-run) or ref (github-actions) traffic moved to. */
  to?: string;
  /** superseded: the later deploy that reached traffic. */
  supersededBy?: { id: string; sha: string };
  /** An approved rollback request that did it. */
  requestId?: string;
}

export const DEPLOYMENTS = collection('deployments', deploymentSchema);

/**
 * Whether the deploy ever served traffic. Records written before `reachedTrafficAt` existed count when their
 * rollout succeeded or was rolled back automatically (both only happen after traffic moved).
 */
export const reachedTraffic = (d: Deployment): boolean =>
  d.reachedTrafficAt !== undefined || d.status === 'succeeded' || d.status === 'rolled_back';

/** Whether, by the bot's records, the deploy's revision still takes traffic (a rollout in progress included). */
export const servesNow = (d: Deployment): boolean =>
  reachedTraffic(d) && !d.stoppedServing && d.status !== 'rolled_back';

/** When the deploy began to serve, for ordering what went live. */
export const wentLiveAt = (d: Deployment): string => d.reachedTrafficAt ?? d.startedAt ?? d.requestedAt;

/** The stop recorded on the deploy; records from before `stoppedServing` existed read an automatic rollback from the status. */
export function stopOf(d: Deployment): StoppedServing | undefined {
  if (d.stoppedServing) return d.stoppedServing;
  if (d.status !== 'rolled_back') return undefined;
  return {
    how: 'automatic-rollback',
    by: 'system',
    at: d.finishedAt ?? d.requestedAt,
    ...(d.error ? { reason: d.error } : {}),
    ...(d.rollbackTarget ? { to: d.rollbackTarget } : {}),
  };
}

/** What the deploy put in place: its revision on Cloud Run, its commit for github-actions. */
export const servedAs = (d: Deployment): string | undefined => (d.strategy === 'cloud-run' ? d.revision : d.sha);

/** Of one service and environment's deploys, the newest whose revision serves now by the records. */
export function liveOf(deploys: Deployment[]): Deployment | undefined {
  return deploys.filter(servesNow).sort((a, b) => wentLiveAt(b).localeCompare(wentLiveAt(a)))[0];
}

/** Of one service and environment's deploys, the newest that reached traffic: the "last deploy". */
export function lastLiveOf(deploys: Deployment[]): Deployment | undefined {
  return deploys.filter(reachedTraffic).sort((a, b) => wentLiveAt(b).localeCompare(wentLiveAt(a)))[0];
}
