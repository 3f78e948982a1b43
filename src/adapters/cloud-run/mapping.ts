import type { protos } from '@google-cloud/run';
import type {
  ConditionState,
  RuntimeRevision,
  RuntimeService,
  ServiceCondition,
  TrafficStatus,
  TrafficTarget,
} from '../../ports/runtime-platform.js';

/** Cloud Run Admin API v2 objects (as the client decodes them: enum names, int64 as strings) → the port's types. */

export type ApiService = protos.google.cloud.run.v2.IService;
export type ApiRevision = protos.google.cloud.run.v2.IRevision;
export type ApiTrafficTarget = protos.google.cloud.run.v2.ITrafficTarget;
type ApiCondition = protos.google.cloud.run.v2.ICondition;
type ApiTimestamp = protos.google.protobuf.ITimestamp | null | undefined;

export const LATEST = 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';
export const REVISION = 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION';

/** "projects/p/locations/l/services/s/revisions/r" → "r". */
export const shortName = (name: string | null | undefined): string => (name ? (name.split('/').pop() ?? name) : '');

export const isLatest = (type: unknown): boolean => type === LATEST || type === 1;

export function toDate(ts: ApiTimestamp | string): Date | undefined {
  if (!ts) return undefined;
  if (typeof ts === 'string') return new Date(ts);
  const seconds = Number(ts.seconds ?? 0);
  return new Date(seconds * 1000 + Math.floor((ts.nanos ?? 0) / 1e6));
}

export function conditionState(state: unknown): ConditionState {
  switch (state) {
    case 'CONDITION_SUCCEEDED':
    case 4:
      return 'succeeded';
    case 'CONDITION_FAILED':
    case 3:
      return 'failed';
    case 'CONDITION_RECONCILING':
    case 2:
    case 'CONDITION_PENDING':
    case 1:
      return 'reconciling';
    default:
      return 'unknown';
  }
}

function mapCondition(c: ApiCondition): ServiceCondition {
  const time = toDate(c.lastTransitionTime);
  return {
    type: c.type ?? '',
    state: conditionState(c.state),
    ...(c.message ? { message: c.message } : {}),
    ...(time ? { lastTransitionTime: time } : {}),
  };
}

function mapTraffic(t: protos.google.cloud.run.v2.ITrafficTargetStatus): TrafficStatus {
  return {
    revision: isLatest(t.type) ? null : t.revision || null,
    percent: t.percent ?? 0,
    ...(t.tag ? { tag: t.tag } : {}),
    ...(t.uri ? { uri: t.uri } : {}),
  };
}

export function mapService(s: ApiService): RuntimeService {
  const terminal = s.terminalCondition?.type ? [s.terminalCondition] : [];
  const others = (s.conditions ?? []).filter((c) => c.type !== s.terminalCondition?.type);
  const served = s.trafficStatuses && s.trafficStatuses.length > 0 ? s.trafficStatuses : (s.traffic ?? []);
  const image = s.template?.containers?.[0]?.image;
  const updateTime = toDate(s.updateTime);
  return {
    name: shortName(s.name),
    uri: s.uri || s.urls?.[0] || '',
    latestReadyRevision: shortName(s.latestReadyRevision) || null,
    latestCreatedRevision: shortName(s.latestCreatedRevision) || null,
    traffic: served.map(mapTraffic),
    conditions: [...terminal, ...others].map(mapCondition),
    ...(image ? { image } : {}),
    ...(updateTime ? { updateTime } : {}),
  };
}

export function mapRevision(r: ApiRevision): RuntimeRevision {
  const ready = (r.conditions ?? []).find((c) => c.type === 'Ready');
  const image = r.containers?.[0]?.image ?? '';
  const digest = /@(sha256:[0-9a-f]{64})$/.exec(image)?.[1];
  return {
    name: shortName(r.name),
    createTime: toDate(r.createTime) ?? new Date(0),
    image,
    ...(digest ? { imageDigest: digest } : {}),
    ready: conditionState(ready?.state) === 'succeeded',
  };
}

/** The traffic targets as the API takes them. */
export function toApiTraffic(targets: TrafficTarget[]): ApiTrafficTarget[] {
  return targets.map((t) =>
    t.revision === null
      ? { type: LATEST, percent: t.percent, ...(t.tag ? { tag: t.tag } : {}) }
      : { type: REVISION, revision: shortName(t.revision), percent: t.percent, ...(t.tag ? { tag: t.tag } : {}) },
  );
}

/** Two splits are the same when they send the same share to the same targets under the same tags. */
export function sameTraffic(a: ApiTrafficTarget[], b: ApiTrafficTarget[]): boolean {
  const key = (t: ApiTrafficTarget): string =>
    `${isLatest(t.type) ? '@latest' : t.revision}|${t.percent ?? 0}|${t.tag ?? ''}`;
  const ka = a.map(key).sort();
  const kb = b.map(key).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i]);
}

/**
 * The fields of a Service a client sets. UpdateService replaces the service with what it is sent, so a
 * read-modify-write sends all of them back (and the etag, so a concurrent change is refused, not lost).
 */
const SPEC_FIELDS = [
  'name',
  'description',
  'labels',
  'annotations',
  'client',
  'clientVersion',
  'ingress',
  'launchStage',
  'binaryAuthorization',
  'template',
  'traffic',
  'scaling',
  'invokerIamDisabled',
  'defaultUriDisabled',
  'customAudiences',
  'iapEnabled',
  'multiRegionSettings',
  'buildConfig',
  'etag',
] as const;

export function specOf(s: ApiService): ApiService {
  const out: Record<string, unknown> = {};
  for (const field of SPEC_FIELDS) {
    const value = (s as Record<string, unknown>)[field];
    if (value !== undefined && value !== null) out[field] = value;
  }
  return out as ApiService;
}
