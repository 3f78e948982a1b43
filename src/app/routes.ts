import type { IncomingMessage, ServerResponse } from 'node:http';
import type { JobCallers, JobEndpointAuth } from '../config/env.js';
import type { Logger } from '../logging/logger.js';
import { authenticateHookToken } from '../scheduler/hook-token-auth.js';
import { authenticateJob, type VerifyIdToken } from '../scheduler/job-auth.js';
import { sendJson } from './send-json.js';

/** An HTTP entry on the bot's own server; resolves false when the request is not its. */
export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;
/** A POST entry's work, once the request is admitted. */
export type PostHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;
/** A job entry's work; `caller` names who was admitted (a service account, or "shared secret"). */
export type JobHandler = (req: IncomingMessage, res: ServerResponse, caller: string) => Promise<void>;

/**
 * Where a feature registers its HTTP entries, in its `register`, as it registers its jobs: POST only (405
 * otherwise), one handler a path (a second is an error at start).
 */
export interface RouteRegistry {
  /**
   * A job or push entry (Cloud Scheduler, Pub/Sub): admitted with the shared secret or a Google OIDC token for
   * this path's own audience (src/scheduler/job-auth.ts). The path needs its endpoint in the settings
   * (`jobEndpoint` in src/config/env.ts): that says who may call it.
   */
  job(path: string, handle: JobHandler): void;
  /** An entry that checks its caller itself (the GitHub webhook's signature). */
  post(path: string, handle: PostHandler): void;
}

export interface JobAuthSettings {
  callers: JobCallers;
  endpoints: JobEndpointAuth[];
  verify: VerifyIdToken;
}

/** The registered entries, looked up by path; the HTTP server asks it before the sandbox page. */
export class RouteTable implements RouteRegistry {
  private readonly routes = new Map<string, PostHandler>();

  constructor(
    private readonly auth: JobAuthSettings,
    private readonly log: Logger,
  ) {}

  job(path: string, handle: JobHandler): void {
    const endpoint = this.auth.endpoints.find((e) => e.path === path);
    if (!endpoint) throw new Error(`${path}: no job endpoint in the settings says who may call it (src/config/env.ts)`);
    this.post(path, async (req, res) => {
      const { token } = endpoint;
      const auth = token
        ? await authenticateHookToken(req, { ...endpoint, token }, this.auth.callers, this.auth.verify)
        : await authenticateJob(req, endpoint, this.auth.callers, this.auth.verify);
      if (auth.ok) return handle(req, res, auth.caller);
      this.log.warn({ path, status: auth.status, reason: auth.reason }, `${path}: request refused`);
      const challenge: Record<string, string> = auth.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
      sendJson(res, auth.status, { ok: false, error: auth.reason }, challenge);
    });
  }

  post(path: string, handle: PostHandler): void {
    if (this.routes.has(path)) throw new Error(`${path}: a second route for the same path`);
    this.routes.set(path, handle);
  }

  readonly serve: RouteHandler = async (req, res) => {
    const handle = this.routes.get((req.url ?? '/').split('?')[0] ?? '/');
    if (!handle) return false;
    if (req.method !== 'POST') res.writeHead(405, { allow: 'POST' }).end();
    else await handle(req, res);
    return true;
  };
}
