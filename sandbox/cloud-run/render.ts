import {
  imageByDigest,
  imageOf,
  latestCreated,
  latestReady,
  revisionPath,
  servicePath,
  stableHash,
  uidOf,
  type ConditionJson,
  type RevisionState,
  type ServiceState,
  type TrafficJson,
} from './model.js';

/** Renders the stand-in's state as Cloud Run Admin API v2 JSON (enum names; see wire.ts for numbers). */

export const serviceUri = (baseUrl: string, service: string): string => `${baseUrl}/run/${service}`;
export const tagUri = (baseUrl: string, service: string, tag: string): string => `${baseUrl}/run/${tag}---${service}`;

export const etagOf = (s: ServiceState): string =>
  `"${Buffer.from(`${s.generation}:${stableHash(s.updateTime + s.name)}`).toString('base64url')}"`;

const trafficJson = (t: TrafficJson): Record<string, unknown> => ({
  type: t.type,
  ...(t.type === 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION' ? { revision: t.revision } : {}),
  ...(t.percent ? { percent: t.percent } : {}),
  ...(t.tag ? { tag: t.tag } : {}),
});

function serviceConditions(s: ServiceState): { terminal: ConditionJson; others: ConditionJson[] } {
  const at = s.updateTime;
  if (s.reconciling) {
    const pending = latestCreated(s)?.status === 'pending';
    return {
      terminal: {
        type: 'Ready',
        state: 'CONDITION_RECONCILING',
        lastTransitionTime: at,
        reason: 'WAITING_FOR_OPERATION',
      },
      others: [
        { type: 'RoutesReady', state: 'CONDITION_RECONCILING', lastTransitionTime: at },
        {
          type: 'ConfigurationsReady',
          state: pending ? 'CONDITION_RECONCILING' : 'CONDITION_SUCCEEDED',
          lastTransitionTime: at,
        },
      ],
    };
  }
  if (s.lastFailure) {
    const message = `Revision '${s.lastFailure.revision}' is not ready and cannot serve traffic. ${s.lastFailure.message}`;
    const failed: ConditionJson = {
      type: 'Ready',
      state: 'CONDITION_FAILED',
      message,
      lastTransitionTime: s.lastFailure.time,
      severity: 'ERROR',
      reason: 'REVISION_FAILED',
    };
    return {
      terminal: failed,
      others: [
        { type: 'RoutesReady', state: 'CONDITION_SUCCEEDED', lastTransitionTime: s.lastFailure.time },
        { ...failed, type: 'ConfigurationsReady' },
      ],
    };
  }
  return {
    terminal: { type: 'Ready', state: 'CONDITION_SUCCEEDED', lastTransitionTime: at },
    others: [
      { type: 'RoutesReady', state: 'CONDITION_SUCCEEDED', lastTransitionTime: at },
      { type: 'ConfigurationsReady', state: 'CONDITION_SUCCEEDED', lastTransitionTime: at },
    ],
  };
}

export function renderService(s: ServiceState, baseUrl: string): Record<string, unknown> {
  const { terminal, others } = serviceConditions(s);
  const ready = latestReady(s);
  const created = latestCreated(s);
  const uri = serviceUri(baseUrl, s.name);
  return {
    name: servicePath(s),
    uid: uidOf(servicePath(s)),
    generation: String(s.generation),
    labels: s.labels,
    annotations: s.annotations,
    ...(s.description ? { description: s.description } : {}),
    createTime: s.createTime,
    updateTime: s.updateTime,
    creator: s.creator,
    lastModifier: s.lastModifier,
    ingress: 'INGRESS_TRAFFIC_ALL',
    launchStage: 'GA',
    template: s.template,
    traffic: s.traffic.map(trafficJson),
    urls: [uri],
    observedGeneration: String(s.observedGeneration),
    terminalCondition: terminal,
    conditions: others,
    ...(ready ? { latestReadyRevision: revisionPath(s, ready.name) } : {}),
    ...(created ? { latestCreatedRevision: revisionPath(s, created.name) } : {}),
    trafficStatuses: s.servedTraffic.map((t) => ({
      ...trafficJson(t),
      ...(t.tag ? { uri: tagUri(baseUrl, s.name, t.tag) } : {}),
    })),
    uri,
    ...(s.reconciling ? { reconciling: true } : {}),
    etag: etagOf(s),
  };
}

function revisionConditions(r: RevisionState): ConditionJson[] {
  const at = r.updateTime;
  switch (r.status) {
    case 'ready':
      return [
        { type: 'Ready', state: 'CONDITION_SUCCEEDED', lastTransitionTime: at },
        { type: 'ContainerHealthy', state: 'CONDITION_SUCCEEDED', lastTransitionTime: at },
        { type: 'ResourcesAvailable', state: 'CONDITION_SUCCEEDED', lastTransitionTime: at },
      ];
    case 'pending':
      return [
        { type: 'Ready', state: 'CONDITION_RECONCILING', lastTransitionTime: at, revisionReason: 'PENDING' },
        { type: 'ContainerHealthy', state: 'CONDITION_PENDING', lastTransitionTime: at },
        { type: 'ResourcesAvailable', state: 'CONDITION_RECONCILING', lastTransitionTime: at },
      ];
    case 'failed':
      return [
        {
          type: 'Ready',
          state: 'CONDITION_FAILED',
          message: r.failureMessage,
          lastTransitionTime: at,
          severity: 'ERROR',
          revisionReason: 'HEALTH_CHECK_CONTAINER_ERROR',
        },
        {
          type: 'ContainerHealthy',
          state: 'CONDITION_FAILED',
          message: r.failureMessage,
          lastTransitionTime: at,
          severity: 'ERROR',
          revisionReason: 'HEALTH_CHECK_CONTAINER_ERROR',
        },
        { type: 'ResourcesAvailable', state: 'CONDITION_SUCCEEDED', lastTransitionTime: at },
      ];
  }
}

/** The template fields a Revision carries under the same names. */
const REVISION_FIELDS = [
  'scaling',
  'vpcAccess',
  'maxInstanceRequestConcurrency',
  'timeout',
  'serviceAccount',
  'volumes',
  'executionEnvironment',
  'sessionAffinity',
] as const;

export function renderRevision(s: ServiceState, r: RevisionState): Record<string, unknown> {
  const t = r.template;
  const copied = Object.fromEntries(REVISION_FIELDS.filter((k) => t[k] !== undefined).map((k) => [k, t[k]]));
  return {
    name: revisionPath(s, r.name),
    uid: uidOf(revisionPath(s, r.name)),
    generation: '1',
    labels: { 'cloud.googleapis.com/location': s.region, 'serving.knative.dev/service': s.name },
    createTime: r.createTime,
    updateTime: r.updateTime,
    launchStage: 'GA',
    service: servicePath(s),
    ...copied,
    containers: (t.containers ?? [{ image: imageOf(t) }]).map((c, i) =>
      i === 0 && r.digest && c.image ? { ...c, image: imageByDigest(c.image, r.digest) } : c,
    ),
    ...(r.status === 'pending' ? { reconciling: true } : {}),
    conditions: revisionConditions(r),
    observedGeneration: '1',
    logUri: `https://console.cloud.google.com/logs/viewer?project=${s.project}&resource=cloud_run_revision/service_name/${s.name}/revision_name/${r.name}`,
    etag: `"${Buffer.from(stableHash(r.name + r.updateTime)).toString('base64url')}"`,
  };
}
