import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from '../http.js';
import { imageOf, resolveTarget, type RevisionState, type ServiceState } from './model.js';

/**
 * The stand-in also plays the services themselves: `/run/<service>/...` is the service URL and
 * `/run/<tag>---<service>/...` a tag URL, as `https://<tag>---<service>-<hash>.a.run.app` is on Cloud Run.
 * Every path answers 200 unless `setHealth` said otherwise for the revision or tag.
 */
export interface ServingContext {
  services: Map<string, ServiceState>;
  /** `${service}/${revisionOrTag}` → HTTP status. */
  health: Map<string, number>;
  /** Image → the HTTP status its revisions answer once they serve traffic (200 before). */
  failingUnderTraffic: Map<string, number>;
  settle(): void;
}

const counters = new WeakMap<ServiceState, number>();

/** Splits requests over the served traffic deterministically: of every 100 requests, `percent` go to each target. */
function pickTarget(s: ServiceState): { revision?: string; tag?: string } {
  const n = counters.get(s) ?? 0;
  counters.set(s, n + 1);
  const slot = n % 100;
  let cumulative = 0;
  for (const t of s.servedTraffic) {
    cumulative += t.percent;
    if (slot < cumulative) return { revision: resolveTarget(s, t), ...(t.tag ? { tag: t.tag } : {}) };
  }
  return {};
}

export function handleServing(ctx: ServingContext, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  const match = /^\/run\/([^/]+)(\/.*)?$/.exec(url.pathname);
  if (!match) return false;
  ctx.settle();
  const host = match[1]!;
  const path = match[2] ?? '/';
  const [tagPart, servicePart] = host.includes('---') ? (host.split('---', 2) as [string, string]) : [undefined, host];
  const s = [...ctx.services.values()].find((x) => x.name === servicePart);
  const notFound = (): boolean => {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      '<html><body><h1>Error: Page not found</h1><p>The requested URL was not found on this server.</p></body></html>',
    );
    return true;
  };
  if (!s) return notFound();
  let target: { revision?: string; tag?: string };
  if (tagPart !== undefined) {
    const entry = s.servedTraffic.find((t) => t.tag === tagPart);
    if (!entry) return notFound();
    target = { revision: resolveTarget(s, entry), tag: tagPart };
  } else {
    target = pickTarget(s);
  }
  const revision = target.revision ? s.revisions.find((r) => r.name === target.revision) : undefined;
  if (revision?.status !== 'ready') {
    sendJson(res, 503, {
      status: 'unavailable',
      service: s.name,
      revision: target.revision ?? null,
      message: 'Service Unavailable',
    });
    return true;
  }
  const status =
    (target.tag !== undefined ? ctx.health.get(`${s.name}/${target.tag}`) : undefined) ??
    ctx.health.get(`${s.name}/${revision.name}`) ??
    (servesTraffic(s, revision) ? ctx.failingUnderTraffic.get(imageOf(revision.template)) : undefined) ??
    200;
  sendJson(
    res,
    status,
    {
      status: status < 400 ? 'ok' : 'unhealthy',
      service: s.name,
      revision: revision.name,
      ...(target.tag ? { tag: target.tag } : {}),
      method: req.method,
      path,
    },
    { 'x-served-by-revision': revision.name },
  );
  return true;
}

function servesTraffic(s: ServiceState, revision: RevisionState): boolean {
  return s.servedTraffic.some((t) => t.percent > 0 && resolveTarget(s, t) === revision.name);
}
