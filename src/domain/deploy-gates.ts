/** What a deploy carries for the promotion gate, the pre-deploy jobs and the plan's Monitoring section. */

/** The image a deploy puts in place when it is pinned: the source environment's revision, by digest where known. */
export interface DeployArtifact {
  /** What the new revision (and each pre-deploy job) runs: `repo@sha256:…` when Cloud Run reported the digest. */
  image: string;
  /** `sha256:…`, when known. */
  digest?: string;
  /** The revision it was taken from, and the deploy that made it. */
  from?: { environment: string; revision: string; deployId?: string };
}

export type PreDeployState = 'starting' | 'running' | 'succeeded' | 'failed';

/**
 * One pre-deploy job of a rollout. `starting` is written before the job is run, so a restart that finds no
 * execution name looks for the execution (by the deploy's label) before it runs the job again.
 */
export interface PreDeployRun {
  job: string;
  state: PreDeployState;
  startedAt: string;
  /** projects/…/locations/…/jobs/…/executions/…: followed to its end, never started a second time. */
  execution?: string;
  logUri?: string;
  finishedAt?: string;
  detail?: string;
}

/** Where to watch the new revision: Cloud Logging filtered to it, and the service's metrics page. */
export interface MonitoringLinks {
  revision: string;
  logs: string;
  metrics: string;
}

/** A migration (pre-deploy job) that ran after the revision a rollback returns to. */
export interface MigrationNote {
  job: string;
  deployId: string;
  sha: string;
  at: string;
}

/** The label a deploy puts on its jobs' executions, so a restarted rollout finds the execution it started. */
export const DEPLOY_LABEL = 'chatops-deploy';

/** "projects/p/locations/l/jobs/j/executions/e" → "e". */
export const executionShortName = (name: string): string => name.split('/').pop() ?? name;
