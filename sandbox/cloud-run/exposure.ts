import type { IncomingMessage } from 'node:http';
import { readBody } from '../http.js';
import { type ServiceState, serviceKey } from './model.js';
import { ApiError } from './wire.js';

/**
 * Who may call a stand-in service and from where, in the shapes of the Cloud Run Admin API v2: the service's IAM
 * policy (google.iam.v1.Policy: version, bindings of role to members, etag as base64 bytes) through
 * `GET …/services/{s}:getIamPolicy` and `POST …:setIamPolicy`, and the Service fields `ingress` and
 * `invokerIamDisabled`. By default a service has no bindings and ingress INGRESS_TRAFFIC_ALL, as a new one has.
 */

export interface Binding {
  role: string;
  members: string[];
}

export interface Exposure {
  ingress: string;
  invokerIamDisabled: boolean;
  bindings: Binding[];
  version: number;
}

const exposures = new WeakMap<ServiceState, Exposure>();

export function exposureOf(s: ServiceState): Exposure {
  let e = exposures.get(s);
  if (!e)
    exposures.set(s, (e = { ingress: 'INGRESS_TRAFFIC_ALL', invokerIamDisabled: false, bindings: [], version: 1 }));
  return e;
}

/** The service as the API renders it, with its ingress and invokerIamDisabled. */
export function withExposure(s: ServiceState, rendered: Record<string, unknown>): Record<string, unknown> {
  const e = exposureOf(s);
  return { ...rendered, ingress: e.ingress, ...(e.invokerIamDisabled ? { invokerIamDisabled: true } : {}) };
}

function policyJson(e: Exposure): Record<string, unknown> {
  return {
    version: 1,
    ...(e.bindings.length ? { bindings: e.bindings } : {}),
    etag: Buffer.from(`policy-${e.version}`).toString('base64'),
  };
}

const IAM_ROUTE = /^\/v2\/projects\/([^/]+)\/locations\/([^/]+)\/services\/([^/:]+):(getIamPolicy|setIamPolicy)$/;

/** Answers getIamPolicy and setIamPolicy; undefined when the path is not one of them. */
export async function handleIam(
  services: Map<string, ServiceState>,
  req: IncomingMessage,
  method: string,
  path: string,
): Promise<Record<string, unknown> | undefined> {
  const m = IAM_ROUTE.exec(path);
  if (!m) return undefined;
  const [, project = '', region = '', name = '', verb] = m;
  const s = services.get(serviceKey(project, region, name));
  if (!s)
    throw new ApiError(
      404,
      `Resource '${name}' of kind 'SERVICE' in region '${region}' in project '${project}' does not exist.`,
    );
  const e = exposureOf(s);
  if (verb === 'getIamPolicy' && method === 'GET') return policyJson(e);
  if (verb === 'setIamPolicy' && method === 'POST') {
    const body = JSON.parse((await readBody(req)) || '{}') as { policy?: { bindings?: Binding[] } };
    e.bindings = body.policy?.bindings ?? [];
    e.version += 1;
    return policyJson(e);
  }
  throw new ApiError(404, `Method not found: ${method} ${path}`);
}
