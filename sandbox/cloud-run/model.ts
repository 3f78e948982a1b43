/**
 * The Cloud Run stand-in's state, kept in the shapes of the Cloud Run Admin API v2 JSON
 * (camelCase field names, enums as their string names; the wire encoder turns them into numbers
 * when the client asks for `$alt=json;enum-encoding=int`, as google-gax's REST transport does).
 */

export type TrafficType = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' | 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION';
export type ConditionStateName =
  | 'CONDITION_PENDING'
  | 'CONDITION_RECONCILING'
  | 'CONDITION_FAILED'
  | 'CONDITION_SUCCEEDED';

export interface TrafficJson {
  type: TrafficType;
  revision?: string;
  percent: number;
  tag?: string;
}

export interface ConditionJson {
  type: string;
  state: ConditionStateName;
  message?: string;
  lastTransitionTime?: string;
  severity?: 'ERROR' | 'WARNING' | 'INFO';
  reason?: string;
  revisionReason?: string;
}

/** A revision template as the API carries it; only the fields the stand-in looks at are typed. */
export interface TemplateJson {
  revision?: string;
  containers?: Array<{ name?: string; image?: string; [key: string]: unknown }>;
  [key: string]: unknown;
}

export type RevisionStatus = 'pending' | 'ready' | 'failed';

export interface RevisionState {
  /** Short name, e.g. "api-00003-xqt". */
  name: string;
  generation: number;
  createTime: string;
  updateTime: string;
  template: TemplateJson;
  status: RevisionStatus;
  /** Why the revision failed, as Cloud Run words it. */
  failureMessage?: string;
  /** The digest Cloud Run resolved the image to when it made the revision (revisions made by an update). */
  digest?: string;
}

export interface ServiceState {
  project: string;
  region: string;
  name: string;
  createTime: string;
  updateTime: string;
  creator: string;
  lastModifier: string;
  generation: number;
  observedGeneration: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  description: string;
  template: TemplateJson;
  /** The traffic split asked for. */
  traffic: TrafficJson[];
  /** The traffic split as served (changes when an operation completes). */
  servedTraffic: TrafficJson[];
  /** Oldest first. */
  revisions: RevisionState[];
  /** Set while an update operation has not finished. */
  reconciling: boolean;
  /** The last revision that failed to become ready and the message, until a later update succeeds. */
  lastFailure?: { revision: string; message: string; time: string };
}

export interface OperationState {
  id: string;
  project: string;
  region: string;
  serviceName: string;
  doneAt: number;
  done: boolean;
  /** The revision this operation waits for, if it created one. */
  revision?: string;
  /** What the revision will turn out to be. */
  outcome: { status: 'ready' } | { status: 'failed'; message: string };
  error?: { code: number; message: string };
  /** The service as it was when the operation finished (string enums). */
  response?: Record<string, unknown>;
}

/** What `seed()` takes: a service with its history, oldest revision first. */
export interface CloudRunRevisionSeed {
  /** Short name, e.g. "api-00003-xqt" (must start with the service name). */
  name: string;
  image: string;
  createTime: string | Date;
  /** Defaults to true. */
  ready?: boolean;
  /** The failure message when ready is false. */
  failureMessage?: string;
}

export interface CloudRunServiceSeed {
  project: string;
  region: string;
  name: string;
  revisions: CloudRunRevisionSeed[];
  /** revision null means "latest ready revision". */
  traffic: Array<{ revision: string | null; percent: number; tag?: string }>;
  createTime?: string | Date;
  creator?: string;
  labels?: Record<string, string>;
  /** The service's generation (default: the newest revision's); traffic-only updates raise it too. */
  generation?: number;
}

export const DEFAULT_FAILURE_MESSAGE =
  'The user-provided container failed to start and listen on the port defined provided by the PORT=8080 environment variable within the allocated timeout. ' +
  'This can happen when the container port is misconfigured or if the timeout is too short. The health check timeout can be extended. ' +
  'Logs for this revision might contain more information.';

export const serviceKey = (project: string, region: string, name: string): string => `${project}/${region}/${name}`;

export const servicePath = (s: Pick<ServiceState, 'project' | 'region' | 'name'>): string =>
  `projects/${s.project}/locations/${s.region}/services/${s.name}`;

export const revisionPath = (s: Pick<ServiceState, 'project' | 'region' | 'name'>, revision: string): string =>
  `${servicePath(s)}/revisions/${revision}`;

export const toIso = (value: string | Date): string =>
  (typeof value === 'string' ? new Date(value) : value).toISOString();

export const imageOf = (template: TemplateJson): string => template.containers?.[0]?.image ?? '';

export const latestReady = (s: ServiceState): RevisionState | undefined =>
  [...s.revisions].reverse().find((r) => r.status === 'ready');

export const latestCreated = (s: ServiceState): RevisionState | undefined => s.revisions[s.revisions.length - 1];

/** The revision a traffic entry sends requests to right now. */
export const resolveTarget = (s: ServiceState, t: TrafficJson): string | undefined =>
  t.type === 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' ? latestReady(s)?.name : t.revision;

/** A short, stable hash of a string, in hex (not cryptographic; for ids and suffixes). */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

export const uidOf = (text: string): string => {
  const h = stableHash(text) + stableHash(`${text}#`);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

/** Cloud Run's revision names: "<service>-<5-digit generation>-<3 letters>". */
export function generatedRevisionName(service: string, generation: number, seed: string): string {
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const h = stableHash(seed);
  let suffix = '';
  for (let i = 0; i < 3; i += 1) suffix += letters[parseInt(h.slice(i * 2, i * 2 + 2), 16) % 26];
  return `${service}-${String(generation).padStart(5, '0')}-${suffix}`;
}

/** The digest a registry would resolve `image` to: its own when it names one, else a stable made-up sha256. */
export function digestOf(image: string): string {
  const named = /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1];
  if (named) return named;
  return `sha256:${[0, 1, 2, 3].map((i) => stableHash(`${image}#${i}`)).join('')}`;
}

/** `repo:tag`, `repo@sha256:…` or `repo` → `repo@<digest>`, the form a Revision reports its image in. */
export function imageByDigest(image: string, digest: string): string {
  const repository = image.replace(/@sha256:[0-9a-f]{64}$/, '').replace(/:[^/:]+$/, '');
  return `${repository}@${digest}`;
}
