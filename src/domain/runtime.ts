/** Where a service runs: a Cloud Run service, in words the workflows use. */
export interface ServiceLocation {
  project: string;
  region: string;
  service: string;
}

export interface TrafficTarget {
  /** Revision short name; null means "whatever revision is latest". */
  revision: string | null;
  percent: number;
  tag?: string;
}

export interface TrafficStatus extends TrafficTarget {
  /** The URL of a tagged revision. */
  uri?: string;
}

export type ConditionState = 'succeeded' | 'failed' | 'reconciling' | 'unknown';

export interface ServiceCondition {
  type: string;
  state: ConditionState;
  message?: string;
  lastTransitionTime?: Date;
}

export interface RuntimeService {
  /** Short name, e.g. "api". */
  name: string;
  uri: string;
  latestReadyRevision: string | null;
  latestCreatedRevision: string | null;
  /** The traffic split as it is served now. */
  traffic: TrafficStatus[];
  /** The terminal "Ready" condition first, then the others. */
  conditions: ServiceCondition[];
  image?: string;
  updateTime?: Date;
}

export interface RuntimeRevision {
  /** Short name, e.g. "api-00042-abc". */
  name: string;
  createTime: Date;
  image: string;
  /** `sha256:…` when Cloud Run reports the image by digest (`containers[0].image` of the Revision is `repo@sha256:…`). */
  imageDigest?: string;
  ready: boolean;
}
