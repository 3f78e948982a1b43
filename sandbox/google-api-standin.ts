import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault, Faults } from './faults.js';
import { LocalServer } from './local-server.js';

/** Where a request to a Google API stand-in goes: its URL, decoded path and method. */
export interface ApiRequest {
  url: URL;
  path: string;
  method: string;
}

/**
 * What the Google API stand-ins share before their routes: every request recorded as "METHOD /path" (tests read
 * `requests`), and a fault injected for it (`faults`) answered before any route runs.
 */
export abstract class GoogleApiStandin extends LocalServer {
  readonly requests: string[] = [];
  readonly faults: Faults;

  constructor(label: string, faults = new Faults()) {
    super(label);
    this.faults = faults;
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname);
    const method = req.method ?? 'GET';
    this.requests.push(`${method} ${path}`);
    const fault = this.faults.take(`${method} ${path}`);
    if (fault) return applyFault(res, fault);
    return this.serve(req, res, { url, path, method });
  }

  protected abstract serve(req: IncomingMessage, res: ServerResponse, at: ApiRequest): Promise<void>;
}
