import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Keeps the sandbox page to its own browser tab. Any site the user visits could otherwise drive it: a form
 * POST (no CORS preflight) switching the acting user and running slash commands as them, or a host name of
 * the attacker's resolving to 127.0.0.1 (DNS rebinding) to read the workspace. So:
 * - the Host must be an IP address, `localhost`, or one of `hosts` (the HOST the bot binds to);
 * - a POST must come from the page's own origin (`Origin`, and `Sec-Fetch-Site` where the browser sends it);
 * - a POST must be `application/json`, which no plain HTML form can send.
 */
export interface PageRefusal {
  status: 403 | 415;
  error: string;
}

export function refusePageRequest(req: IncomingMessage, hosts: readonly string[]): PageRefusal | undefined {
  const host = hostnameOf(req.headers.host);
  if (
    host === undefined ||
    !(host === 'localhost' || isIP(host.replace(/^\[|\]$/g, '')) !== 0 || hosts.includes(host))
  ) {
    return {
      status: 403,
      error: `The sandbox page answers only at localhost or an IP address (this request named host ${JSON.stringify(req.headers.host ?? '')}); set HOST to serve it under a name.`,
    };
  }
  if (req.method !== 'POST') return undefined;
  const origin = req.headers.origin;
  const site = req.headers['sec-fetch-site'];
  if (
    (origin !== undefined && !sameOrigin(origin, req.headers.host)) ||
    (site !== undefined && site !== 'same-origin' && site !== 'none')
  ) {
    return { status: 403, error: 'Refused a cross-site request: the sandbox API answers only its own page.' };
  }
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  if (type !== 'application/json')
    return { status: 415, error: 'The sandbox API accepts only application/json bodies.' };
  return undefined;
}

function hostnameOf(host: string | undefined): string | undefined {
  if (!host) return undefined;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return origin !== 'null' && new URL(origin).origin === new URL(`http://${host ?? ''}`).origin;
  } catch {
    return false;
  }
}
