/** A deploy as the store records it. The deploy workflow owns its life cycle; others only read it. */
export type DeploymentStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'running' | 'succeeded' | 'failed' | 'rolled_back';

export interface Deployment {
  id: string;
  service: string;
  environment: string;
  ref: string;
  sha: string;
  status: DeploymentStatus;
  requestedBy: string;
  /** ISO 8601; records hold JSON, so times are strings. */
  requestedAt: string;
  finishedAt?: string;
  revision?: string;
}

export const DEPLOYMENTS = 'deployments';
