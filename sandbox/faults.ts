import type { ServerResponse } from 'node:http';

/** A failure a stand-in can be told to produce, so tests (and curious users) can try the bot's error paths. */
export type Fault =
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'timeout'; ms: number }
  /** Carried out at once, answered `ms` later (Slack stand-in): the work is visible before the caller hears of it. */
  | { kind: 'slow'; ms: number }
  /** The request is carried out, then its answer replaced by `fault` (lost or failed after the work was done). Only the GitHub stand-in carries it out first; the others just answer with `fault`. */
  | { kind: 'after-handling'; fault: Fault };

interface Rule {
  match: RegExp;
  fault: Fault;
  remaining: number;
}

/**
 * Faults keyed by a pattern over "METHOD /path" (Slack stand-in: the API method name).
 * Each rule fires `times` times, then is gone.
 */
export class Faults {
  private rules: Rule[] = [];

  inject(match: string | RegExp, fault: Fault, times = 1): void {
    const pattern = typeof match === 'string' ? new RegExp(escapeRegExp(match)) : match;
    this.rules.push({ match: pattern, fault, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any, consuming one use of it. */
  take(key: string): Fault | undefined {
    const rule = this.rules.find((r) => r.remaining > 0 && r.match.test(key));
    if (!rule) return undefined;
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule.fault;
  }
}

/** Answers with the fault. Returns when the response is done (a timeout never answers; the socket is destroyed later). */
export async function applyFault(res: ServerResponse, fault: Fault, slackStyle = false): Promise<void> {
  switch (fault.kind) {
    case 'status': {
      const body =
        fault.body ??
        (slackStyle
          ? { ok: false, error: 'internal_error' }
          : { error: { code: fault.status, message: 'injected fault' } });
      res.writeHead(fault.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
      return;
    }
    case 'rate-limit': {
      const body = slackStyle
        ? { ok: false, error: 'ratelimited' }
        : { message: 'rate limited', error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'rate limited' } };
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(fault.retryAfterSeconds) });
      res.end(JSON.stringify(body));
      return;
    }
    case 'slow': // only the Slack stand-in carries the request out first; elsewhere it is a timeout
    case 'timeout': {
      await new Promise((resolve) => setTimeout(resolve, fault.ms));
      res.socket?.destroy();
      return;
    }
    case 'after-handling':
      return applyFault(res, fault.fault, slackStyle);
  }
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
