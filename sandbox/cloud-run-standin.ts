import type { IncomingMessage, ServerResponse } from 'node:http';
import { handleApi, type ApiContext } from './cloud-run/api.js';
import {
  DEFAULT_FAILURE_MESSAGE,
  serviceKey,
  type CloudRunServiceSeed,
  type OperationState,
  type ServiceState,
} from './cloud-run/model.js';
import { renderRevision, renderService, serviceUri, tagUri } from './cloud-run/render.js';
import { handleServing, type ServingContext } from './cloud-run/serving.js';
import { RequestLoad } from './cloud-run/load.js';
import { completeOperation, serviceFromSeed } from './cloud-run/state.js';
import { sendGoogleError } from './cloud-run/wire.js';
import { applyFault, Faults } from './faults.js';
import { CloudRunJobs } from './cloud-run/jobs-state.js';
import { LocalServer } from './local-server.js';

export type { CloudRunRevisionSeed, CloudRunServiceSeed } from './cloud-run/model.js';
export { DEFAULT_FAILURE_MESSAGE } from './cloud-run/model.js';

export interface CloudRunStandinOptions {
  faults?: Faults;
  /** How long an update operation takes before it is done (default 50 ms), so clients poll it. */
  operationDelayMs?: number;
  now?: () => Date;
}

/**
 * A local Cloud Run Admin API v2 (REST, as `@google-cloud/run` sends it with `fallback: true`) that also
 * serves each service's URL and tag URLs. State lives in memory; faults come from `Faults`, keyed
 * "METHOD /path" (e.g. "GET /v2/projects/demo-project/locations/europe-west1/services/api").
 */
export class CloudRunStandin extends LocalServer implements ApiContext, ServingContext {
  readonly faults: Faults;
  readonly operationDelayMs: number;
  readonly services = new Map<string, ServiceState>();
  readonly operations = new Map<string, OperationState>();
  /** Cloud Run Jobs and executions (`jobs.seed(...)`, `jobs.executionsOf(job)`). */
  readonly jobs = new CloudRunJobs(() => this.now());
  readonly health = new Map<string, number>();
  readonly failingUnderTraffic = new Map<string, number>();
  /** The request traffic each revision serves, which the Cloud Monitoring stand-in reports. */
  readonly load = new RequestLoad();
  /** Every request, in order: "METHOD /path". */
  readonly requests: string[] = [];
  private readonly failures = new Map<string, string[]>();
  private readonly clock: () => Date;

  constructor(options: CloudRunStandinOptions = {}) {
    super('CloudRunStandin');
    this.faults = options.faults ?? new Faults();
    this.operationDelayMs = options.operationDelayMs ?? 50;
    this.clock = options.now ?? (() => new Date());
  }

  now(): Date {
    return this.clock();
  }

  /** Adds (or replaces) services. */
  seed(services: CloudRunServiceSeed[]): this {
    for (const seed of services) {
      const s = serviceFromSeed(seed);
      this.services.set(serviceKey(seed.project, seed.region, seed.name), s);
      this.load.record(s, new Date(0));
    }
    return this;
  }

  /** Makes the service's revision (or the revision behind a tag) answer with this HTTP status on every path. */
  setHealth(service: string, revisionOrTag: string, status: number): void {
    if (status === 200) this.health.delete(`${service}/${revisionOrTag}`);
    else this.health.set(`${service}/${revisionOrTag}`, status);
  }

  clearHealth(): void {
    this.health.clear();
  }

  /**
   * Revisions of this image pass a health check while they serve no traffic and answer `status` on every path
   * once they serve some: a bug that shows only under load, which a canary exists to catch.
   */
  failUnderTraffic(image: string, status = 503): void {
    this.failingUnderTraffic.set(image, status);
  }

  /** The next revision created for this service fails to become ready (its operation ends in an error). */
  failNextDeploy(service: string, message = DEFAULT_FAILURE_MESSAGE): void {
    this.failures.set(service, [...(this.failures.get(service) ?? []), message]);
  }

  takeOutcome(s: ServiceState): OperationState['outcome'] {
    const queue = this.failures.get(s.name);
    const message = queue?.shift();
    return message === undefined ? { status: 'ready' } : { status: 'failed', message };
  }

  /** Completes the operations that are due (all of them with `all`), as time passing would. */
  settle(all = false): void {
    const now = this.clock();
    const due = [...this.operations.values()]
      .filter((op) => !op.done && (all || op.doneAt <= now.getTime()))
      .sort((a, b) => a.doneAt - b.doneAt);
    for (const op of due) {
      const s = this.services.get(serviceKey(op.project, op.region, op.serviceName));
      if (!s) {
        op.done = true;
        op.error = { code: 5, message: `Service '${op.serviceName}' no longer exists.` };
        continue;
      }
      completeOperation(s, op, now);
      this.load.record(s);
      s.reconciling = [...this.operations.values()].some(
        (o) => !o.done && o.serviceName === s.name && o.project === s.project && o.region === s.region,
      );
      if (!s.reconciling) s.observedGeneration = s.generation;
      op.response = renderService(s, this.baseUrl);
    }
  }

  // ---- helpers for tests and the sandbox page ----

  private find(service: string, project?: string, region?: string): ServiceState {
    const s = [...this.services.values()].find(
      (x) => x.name === service && (!project || x.project === project) && (!region || x.region === region),
    );
    if (!s) throw new Error(`CloudRunStandin: no service ${service}`);
    return s;
  }

  /** The service as the API returns it (enum names). */
  getService(service: string, project?: string, region?: string): Record<string, unknown> {
    this.settle();
    return renderService(this.find(service, project, region), this.baseUrl);
  }

  /** The revisions as the API returns them, newest first. */
  getRevisions(service: string, project?: string, region?: string): Array<Record<string, unknown>> {
    this.settle();
    const s = this.find(service, project, region);
    return [...s.revisions].reverse().map((r) => renderRevision(s, r));
  }

  /** The traffic split as served: revision (null for "latest"), percent, tag. */
  getTraffic(service: string): Array<{ revision: string | null; percent: number; tag?: string }> {
    this.settle();
    return this.find(service).servedTraffic.map((t) => ({
      revision: t.type === 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' ? null : (t.revision ?? null),
      percent: t.percent,
      ...(t.tag ? { tag: t.tag } : {}),
    }));
  }

  serviceUrl(service: string): string {
    return serviceUri(this.baseUrl, service);
  }

  tagUrl(service: string, tag: string): string {
    return tagUri(this.baseUrl, service, tag);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const key = `${req.method ?? 'GET'} ${url.pathname}`;
    this.requests.push(key);
    const fault = this.faults.take(key);
    if (fault) return applyFault(res, fault);
    if (await handleApi(this, req, res, url)) return;
    if (handleServing(this, req, res, url)) return;
    sendGoogleError(res, 404, `The requested URL ${url.pathname} was not found on this server.`);
  }
}
