import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from '../http.js';
import { handleIam, withExposure } from './exposure.js';
import { serviceKey, uidOf, type OperationState, type ServiceState } from './model.js';
import { renderRevision, renderService } from './render.js';
import { applyUpdate } from './state.js';
import { ApiError, sendGoogleError, sendResource, wantsNumericEnums } from './wire.js';
import { handleJobsApi } from './jobs-api.js';
import type { CloudRunJobs } from './jobs-state.js';

/** What the REST routes need from the stand-in. */
export interface ApiContext {
  readonly baseUrl: string;
  readonly operationDelayMs: number;
  services: Map<string, ServiceState>;
  operations: Map<string, OperationState>;
  /** Completes operations whose time has come. */
  settle(): void;
  /** The outcome the next revision of this service will have (consumes a "fail next deploy" request). */
  takeOutcome(s: ServiceState): OperationState['outcome'];
  now(): Date;
  /** Cloud Run Jobs and their executions (jobs-state.ts). */
  readonly jobs: CloudRunJobs;
}

const SERVICE_TYPE = 'type.googleapis.com/google.cloud.run.v2.Service';
const LOCATION = '^/v2/projects/([^/]+)/locations/([^/]+)';
const ROUTES = {
  services: new RegExp(`${LOCATION}/services$`),
  service: new RegExp(`${LOCATION}/services/([^/:]+)$`),
  revisions: new RegExp(`${LOCATION}/services/([^/]+)/revisions$`),
  revision: new RegExp(`${LOCATION}/services/([^/]+)/revisions/([^/]+)$`),
  operations: new RegExp(`${LOCATION}/operations$`),
  operation: new RegExp(`${LOCATION}/operations/([^/:]+)$`),
};

function page<T>(items: T[], search: URLSearchParams): { items: T[]; nextPageToken?: string } {
  const size = Math.min(Number(search.get('pageSize') ?? '') || 100, 1000);
  const start = Number(Buffer.from(search.get('pageToken') ?? '', 'base64url').toString() || '0') || 0;
  const slice = items.slice(start, start + size);
  return start + size < items.length
    ? { items: slice, nextPageToken: Buffer.from(String(start + size)).toString('base64url') }
    : { items: slice };
}

function notFound(kind: string, name: string, region: string, project: string): ApiError {
  return new ApiError(
    404,
    `Resource '${name}' of kind '${kind}' in region '${region}' in project '${project}' does not exist.`,
  );
}

function findService(ctx: ApiContext, project: string, region: string, name: string): ServiceState {
  const s = ctx.services.get(serviceKey(project, region, name));
  if (!s) throw notFound('SERVICE', name, region, project);
  return s;
}

export function renderOperation(ctx: ApiContext, op: OperationState): Record<string, unknown> {
  const s = ctx.services.get(serviceKey(op.project, op.region, op.serviceName));
  const snapshot = op.response ?? (s ? renderService(s, ctx.baseUrl) : {});
  return {
    name: `projects/${op.project}/locations/${op.region}/operations/${op.id}`,
    metadata: { '@type': SERVICE_TYPE, ...snapshot },
    done: op.done,
    ...(op.done ? (op.error ? { error: op.error } : { response: { '@type': SERVICE_TYPE, ...snapshot } }) : {}),
  };
}

async function updateService(
  ctx: ApiContext,
  req: IncomingMessage,
  s: ServiceState,
  search: URLSearchParams,
): Promise<Record<string, unknown>> {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
  } catch {
    throw new ApiError(400, 'Invalid JSON payload received.');
  }
  const etag = typeof body.etag === 'string' ? body.etag : '';
  const current = renderService(s, ctx.baseUrl).etag;
  if (etag && etag !== current)
    throw new ApiError(
      409,
      'The etag provided does not match the current etag of the service; read it again and retry.',
      'ABORTED',
    );
  const maskText = search.get('updateMask');
  const mask = maskText ? maskText.split(',').map((f) => f.trim()) : null;
  const validateOnly = search.get('validateOnly') === 'true';
  const now = ctx.now();
  const result = applyUpdate(s, body, mask, now, 'chatops-bot@demo-project.iam.gserviceaccount.com', !validateOnly);
  const id = uidOf(`${s.name}:${s.generation}:${now.toISOString()}:${Math.random()}`);
  const op: OperationState = {
    id,
    project: s.project,
    region: s.region,
    serviceName: s.name,
    doneAt: now.getTime() + (validateOnly ? 0 : ctx.operationDelayMs),
    done: false,
    ...(result.revision ? { revision: result.revision } : {}),
    outcome: result.revision && !validateOnly ? ctx.takeOutcome(s) : { status: 'ready' },
  };
  if (validateOnly) {
    op.done = true;
    op.response = renderService(s, ctx.baseUrl);
  }
  ctx.operations.set(id, op);
  return renderOperation(ctx, op);
}

/** Handles /v2/... requests. Returns false when the path is not part of the API. */
export async function handleApi(
  ctx: ApiContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  if (!url.pathname.startsWith('/v2/')) return false;
  const numeric = wantsNumericEnums(url.searchParams);
  const send = (body: unknown): void => sendResource(res, body, numeric);
  try {
    if (!req.headers.authorization) {
      throw new ApiError(
        401,
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
      );
    }
    ctx.settle();
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    if (await handleJobsApi(ctx.jobs, req, path, method, send)) return true;
    let m: RegExpExecArray | null;
    const iam = await handleIam(ctx.services, req, method, path);
    if (iam) send(iam);
    else if (method === 'GET' && (m = ROUTES.services.exec(path))) {
      const [, project, region] = m as unknown as [string, string, string];
      const all = [...ctx.services.values()]
        .filter((s) => s.project === project && s.region === region)
        .sort((a, b) => a.name.localeCompare(b.name));
      const { items, nextPageToken } = page(all, url.searchParams);
      send({ services: items.map((s) => renderService(s, ctx.baseUrl)), ...(nextPageToken ? { nextPageToken } : {}) });
    } else if ((m = ROUTES.service.exec(path)) && (method === 'GET' || method === 'PATCH')) {
      const [, project, region, name] = m as unknown as [string, string, string, string];
      const s = findService(ctx, project, region, name);
      send(
        method === 'GET'
          ? withExposure(s, renderService(s, ctx.baseUrl))
          : await updateService(ctx, req, s, url.searchParams),
      );
    } else if (method === 'GET' && (m = ROUTES.revisions.exec(path))) {
      const [, project, region, name] = m as unknown as [string, string, string, string];
      const s = findService(ctx, project, region, name);
      const newestFirst = [...s.revisions].sort(
        (a, b) => b.createTime.localeCompare(a.createTime) || b.generation - a.generation,
      );
      const { items, nextPageToken } = page(newestFirst, url.searchParams);
      send({ revisions: items.map((r) => renderRevision(s, r)), ...(nextPageToken ? { nextPageToken } : {}) });
    } else if (method === 'GET' && (m = ROUTES.revision.exec(path))) {
      const [, project, region, name, revision] = m as unknown as [string, string, string, string, string];
      const s = findService(ctx, project, region, name);
      const r = s.revisions.find((x) => x.name === revision);
      if (!r) throw notFound('REVISION', revision, region, project);
      send(renderRevision(s, r));
    } else if (method === 'GET' && (m = ROUTES.operations.exec(path))) {
      const [, project, region] = m as unknown as [string, string, string];
      const ops = [...ctx.operations.values()].filter((o) => o.project === project && o.region === region);
      send({ operations: ops.map((o) => renderOperation(ctx, o)) });
    } else if (method === 'GET' && (m = ROUTES.operation.exec(path))) {
      const [, project, region, id] = m as unknown as [string, string, string, string];
      const op = ctx.operations.get(id);
      if (!op || op.project !== project || op.region !== region) throw notFound('OPERATION', id, region, project);
      send(renderOperation(ctx, op));
    } else {
      sendGoogleError(res, 404, `Method not found: ${method} ${url.pathname}`);
    }
  } catch (error) {
    if (error instanceof ApiError) sendGoogleError(res, error.httpStatus, error.message, error.status);
    else throw error;
  }
  return true;
}
