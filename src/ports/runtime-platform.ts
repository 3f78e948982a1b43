import type { RuntimeRevision, RuntimeService, ServiceLocation, TrafficTarget } from '../domain/runtime.js';

export type {
  ConditionState,
  RuntimeRevision,
  RuntimeService,
  ServiceCondition,
  ServiceLocation,
  TrafficStatus,
  TrafficTarget,
} from '../domain/runtime.js';

export interface DeployRevisionInput {
  image: string;
  /** The revision name suffix, so the revision name is predictable and the call is idempotent. */
  revisionSuffix: string;
  /** The tag that gives the new revision its own URL while it has no traffic. */
  tag: string;
}

export interface RuntimePlatform {
  getService(location: ServiceLocation): Promise<RuntimeService>;
  /** Newest first. */
  listRevisions(location: ServiceLocation): Promise<RuntimeRevision[]>;
  /** Creates a revision that serves no traffic, reachable through its tag. Waits for the operation. */
  deployRevision(location: ServiceLocation, input: DeployRevisionInput): Promise<RuntimeService>;
  /** Replaces the traffic split. Waits for the operation. */
  setTraffic(location: ServiceLocation, traffic: TrafficTarget[]): Promise<RuntimeService>;
}
