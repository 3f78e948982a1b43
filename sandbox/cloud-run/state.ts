import {
  digestOf,
  generatedRevisionName,
  imageOf,
  latestCreated,
  toIso,
  type CloudRunServiceSeed,
  type OperationState,
  type RevisionState,
  type ServiceState,
  type TemplateJson,
  type TrafficJson,
} from './model.js';
import { parseTraffic, validateTraffic } from './traffic.js';
import { ApiError } from './wire.js';

/** How a service changes: from a seed, by an update (PATCH), and when an update's operation completes. */

const DEFAULT_SERVICE_ACCOUNT = '123456789012-compute@developer.gserviceaccount.com';

export function defaultTemplate(image: string): TemplateJson {
  return {
    scaling: { maxInstanceCount: 100 },
    maxInstanceRequestConcurrency: 80,
    timeout: '300s',
    serviceAccount: DEFAULT_SERVICE_ACCOUNT,
    containers: [
      {
        image,
        ports: [{ name: 'http1', containerPort: 8080 }],
        resources: { limits: { cpu: '1000m', memory: '512Mi' }, cpuIdle: true, startupCpuBoost: true },
      },
    ],
  };
}

const generationOf = (revision: string, fallback: number): number => {
  const match = /-(\d{5})-[a-z0-9]+$/.exec(revision);
  return match ? Number(match[1]) : fallback;
};

const trafficFromSpec = (t: { revision: string | null; percent: number; tag?: string }): TrafficJson => ({
  type: t.revision === null ? 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' : 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION',
  ...(t.revision === null ? {} : { revision: t.revision }),
  percent: t.percent,
  ...(t.tag ? { tag: t.tag } : {}),
});

export function serviceFromSeed(seed: CloudRunServiceSeed): ServiceState {
  if (seed.revisions.length === 0) throw new Error(`seed ${seed.name}: a service needs at least one revision`);
  const revisions: RevisionState[] = seed.revisions.map((r, i) => {
    if (!r.name.startsWith(`${seed.name}-`))
      throw new Error(`seed ${seed.name}: revision ${r.name} must start with "${seed.name}-"`);
    const time = toIso(r.createTime);
    const ready = r.ready ?? true;
    return {
      name: r.name,
      generation: generationOf(r.name, i + 1),
      createTime: time,
      updateTime: time,
      template: { ...defaultTemplate(r.image), revision: r.name },
      status: ready ? 'ready' : 'failed',
      ...(ready ? {} : { failureMessage: r.failureMessage ?? 'The user-provided container failed to start.' }),
    };
  });
  const last = revisions[revisions.length - 1]!;
  const traffic = seed.traffic.map(trafficFromSpec);
  const state: ServiceState = {
    project: seed.project,
    region: seed.region,
    name: seed.name,
    createTime: toIso(seed.createTime ?? revisions[0]!.createTime),
    updateTime: last.createTime,
    creator: seed.creator ?? 'deployer@demo-project.iam.gserviceaccount.com',
    lastModifier: seed.creator ?? 'deployer@demo-project.iam.gserviceaccount.com',
    generation: Math.max(seed.generation ?? 0, ...revisions.map((r) => r.generation)),
    observedGeneration: 0,
    labels: seed.labels ?? {},
    annotations: {},
    description: '',
    template: { ...defaultTemplate(imageOf(last.template)) },
    traffic,
    servedTraffic: traffic,
    revisions,
    reconciling: false,
    ...(last.status === 'failed'
      ? { lastFailure: { revision: last.name, message: last.failureMessage ?? '', time: last.updateTime } }
      : {}),
  };
  state.observedGeneration = state.generation;
  validateTraffic(state, traffic, undefined);
  return state;
}

export interface UpdateResult {
  /** The revision the update created, if any. */
  revision?: string;
}

/**
 * Applies an UpdateService request body. A new or changed template creates a revision (named
 * `template.revision` if given); naming an existing revision with the same image is a no-op, with a
 * different image a conflict. Traffic is validated as Cloud Run does (sum 100, known revisions, unique tags).
 */
export function applyUpdate(
  s: ServiceState,
  body: Record<string, unknown>,
  mask: string[] | null,
  now: Date,
  actor: string,
  apply = true,
): UpdateResult {
  const wants = (field: string): boolean => mask === null || mask.includes(field);
  const rawTemplate = body.template as TemplateJson | undefined;
  let template = s.template;
  let created: RevisionState | undefined;
  if (wants('template') && rawTemplate && typeof rawTemplate === 'object') {
    const image = imageOf(rawTemplate);
    if (!image) throw new ApiError(400, 'template.containers[0].image is required.');
    const requested =
      typeof rawTemplate.revision === 'string' && rawTemplate.revision !== '' ? rawTemplate.revision : undefined;
    const existing = requested ? s.revisions.find((r) => r.name === requested) : undefined;
    if (requested && !requested.startsWith(`${s.name}-`))
      throw new ApiError(400, `Revision name '${requested}' must be prefixed by the service name '${s.name}-'.`);
    if (existing && imageOf(existing.template) !== image) {
      throw new ApiError(
        409,
        `Revision named '${requested}' with different configuration already exists.`,
        'ALREADY_EXISTS',
      );
    }
    const changed = !existing && (requested !== undefined || image !== imageOf(s.template));
    template = rawTemplate;
    if (changed) {
      const generation = s.generation + 1;
      const name =
        requested ?? generatedRevisionName(s.name, generation, `${s.name}:${generation}:${image}:${now.toISOString()}`);
      const time = now.toISOString();
      created = {
        name,
        generation,
        createTime: time,
        updateTime: time,
        template: { ...rawTemplate, revision: name },
        status: 'pending',
        digest: digestOf(image),
      };
    }
  }
  const traffic = wants('traffic') && body.traffic !== undefined ? parseTraffic(body.traffic) : s.traffic;
  const effectiveTraffic =
    traffic.length === 0 ? [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' as const, percent: 100 }] : traffic;
  validateTraffic(s, effectiveTraffic, created?.name);
  if (!apply) return created ? { revision: created.name } : {};

  s.generation += 1;
  s.template = template;
  s.traffic = effectiveTraffic;
  if (wants('labels') && body.labels && typeof body.labels === 'object')
    s.labels = body.labels as Record<string, string>;
  if (wants('annotations') && body.annotations && typeof body.annotations === 'object')
    s.annotations = body.annotations as Record<string, string>;
  if (wants('description') && typeof body.description === 'string') s.description = body.description;
  s.updateTime = now.toISOString();
  s.lastModifier = actor;
  s.reconciling = true;
  if (created) s.revisions.push(created);
  return created ? { revision: created.name } : {};
}

/** Finishes an operation: the revision it waits for becomes ready (or fails) and the traffic is served. */
export function completeOperation(s: ServiceState, op: OperationState, now: Date): void {
  const time = now.toISOString();
  const revision = op.revision ? s.revisions.find((r) => r.name === op.revision) : undefined;
  if (revision) {
    revision.updateTime = time;
    if (op.outcome.status === 'ready') revision.status = 'ready';
    else {
      revision.status = 'failed';
      revision.failureMessage = op.outcome.message;
    }
  }
  const failed = revision?.status === 'failed';
  const routesToFailed = failed && s.traffic.some((t) => t.revision === revision.name && t.percent > 0);
  if (!routesToFailed) s.servedTraffic = s.traffic.map((t) => ({ ...t }));
  if (failed) {
    s.lastFailure = { revision: revision.name, message: revision.failureMessage ?? '', time };
    op.error = {
      code: 9,
      message:
        `Revision '${revision.name}' is not ready and cannot serve traffic. ${revision.failureMessage ?? ''}`.trim(),
    };
  } else if (latestCreated(s)?.status === 'ready') {
    delete s.lastFailure;
  }
  op.done = true;
}
