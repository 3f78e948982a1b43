import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { traceFields, type Logger } from '../logging/logger.js';
import { requestContext } from '../logging/request-context.js';
import { safeUrl } from '../logging/safe-url.js';
import { clientHungUp } from './read-body.js';
import type { RouteHandler } from './routes.js';

export interface HttpRoutes {
  /** POST /slack/events, in HTTP mode. */
  slack?: RequestListener;
  /** Anything else we serve (the sandbox page); resolves false when it is not theirs. */
  fallback?: RouteHandler;
  /** The entries features registered (e.g. POST /jobs/cost-digest, src/app/routes.ts), asked before the fallback. */
  entries?: RouteHandler;
  health: () => Record<string, unknown>;
  /** GET /readyz: 200 when every part is ready, else 503 naming the failing parts. */
  ready?: () => Promise<{ ready: boolean; failing: string[] }>;
}

export interface RunningHttp {
  server: Server;
  port: number;
  /** Stops taking new connections and requests; in-flight requests finish. */
  close(): Promise<void>;
}

/** One plain node:http server for Slack, health checks and the sandbox page; every request carries its trace id into the logs. */
export async function startHttpServer(
  routes: HttpRoutes,
  port: number,
  host: string | undefined,
  log: Logger,
  project: string | undefined,
): Promise<RunningHttp> {
  let closing = false;
  const server = createServer((req, res) => {
    if (closing) res.setHeader('connection', 'close');
    const fields = traceFields(req.headers['x-cloud-trace-context'] as string | undefined, project);
    requestContext.run(fields, () => {
      route(routes, req, res).catch((error: unknown) => {
        if (clientHungUp(req, error))
          return void log.warn(
            { path: safeUrl(req.url) },
            'the client hung up before its request was complete; nothing done',
          );
        log.error({ err: error, path: safeUrl(req.url) }, 'request failed');
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end('internal error');
      });
    });
  });
  server.keepAliveTimeout = 65_000; // longer than Google's front end keeps idle connections
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}

async function route(routes: HttpRoutes, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  if (path === '/slack/events' && routes.slack) {
    if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
    return routes.slack(req, res);
  }
  if (path === '/healthz' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, ...routes.health() }));
    return;
  }
  if (path === '/readyz' && req.method === 'GET' && routes.ready) {
    const state = await routes.ready();
    res
      .writeHead(state.ready ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(state));
    return;
  }
  if (routes.entries && (await routes.entries(req, res))) return;
  if (routes.fallback && (await routes.fallback(req, res))) return;
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
}
