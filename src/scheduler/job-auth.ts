import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { JobCallers, JobEndpointAuth } from '../config/env.js';

/** A verifier of Google ID tokens (src/adapters/oidc), passed in by the composition root. */
export type VerifyIdToken = (token: string, audiences: string[]) => Promise<{ email?: string; emailVerified: boolean }>;

export type JobAuth = { ok: true; caller: string } | { ok: false; status: 401 | 403 | 503; reason: string };

const SECRET_HEADER = 'x-chatops-secret';

/**
 * Who may call a job endpoint (POST /jobs/cost-digest, /hooks/budget, and the next ones; src/app/job-routes.ts
 * asks it for every route a feature registers with `routes.job`): Cloud Scheduler or
 * Pub/Sub push with a Google OIDC token minted for this endpoint's own audience (`endpoint.audiences`),
 * from a service account in COST_JOB_INVOKERS; or anyone with the shared secret (header X-Chatops-Secret,
 * or ?token= for push subscriptions that cannot set headers). With neither configured, the endpoint is closed.
 * A token for another endpoint is refused: a token leaked from one job (a proxy's log, a push config) opens no other.
 */
export async function authenticateJob(
  req: Pick<IncomingMessage, 'url' | 'headers'>,
  endpoint: JobEndpointAuth,
  callers: JobCallers,
  verify: VerifyIdToken,
): Promise<JobAuth> {
  if (!callers.secret && endpoint.audiences.length === 0)
    return {
      ok: false,
      status: 403,
      reason: `closed: set COST_JOB_SECRET, or ${endpoint.audienceVariable} with COST_JOB_INVOKERS, to open it`,
    };
  const given =
    header(req, SECRET_HEADER) ?? new URL(req.url ?? '/', 'http://localhost').searchParams.get('token') ?? undefined;
  if (given !== undefined) {
    if (callers.secret && same(given, callers.secret)) return { ok: true, caller: 'shared secret' };
    return { ok: false, status: 401, reason: 'the shared secret does not match' };
  }
  const bearer = /^Bearer\s+(\S+)$/i.exec(header(req, 'authorization') ?? '')?.[1];
  if (!bearer)
    return {
      ok: false,
      status: 401,
      reason: `no credentials: send a Google OIDC token (Authorization: Bearer) or the ${SECRET_HEADER} header`,
    };
  if (endpoint.audiences.length === 0)
    return {
      ok: false,
      status: 401,
      reason: `OIDC tokens are not accepted here: ${endpoint.audienceVariable} is not set`,
    };
  let caller: { email?: string; emailVerified: boolean };
  try {
    caller = await verify(bearer, endpoint.audiences);
  } catch (error) {
    return refusal((error as { check?: unknown }).check);
  }
  if (!caller.email || !caller.emailVerified || !callers.invokers.includes(caller.email)) {
    return {
      ok: false,
      status: 403,
      reason:
        'the OIDC token was refused: invoker not allowed (its account is not in COST_JOB_INVOKERS, or its email is not verified)',
    };
  }
  return { ok: true, caller: caller.email };
}

/** What the caller and the log are told: the check that failed (src/adapters/oidc), never the token or its claims. */
const CHECK_FAILED: Record<string, string> = {
  malformed: 'malformed (not a signed JWT)',
  signature: 'signature check failed (not signed by Google)',
  issuer: 'issuer check failed (not issued by Google)',
  expiry: 'expiry check failed (expired, not yet valid, or valid for too long)',
  audience: 'audience check failed (minted for another audience)',
};

function refusal(check: unknown): JobAuth {
  if (check === 'keys')
    return {
      ok: false,
      status: 503,
      reason: "the OIDC token could not be checked: Google's public keys could not be fetched; try again",
    };
  return {
    ok: false,
    status: 401,
    reason: `the OIDC token was refused: ${CHECK_FAILED[String(check)] ?? 'it could not be verified'}`,
  };
}

export function header(req: Pick<IncomingMessage, 'headers'>, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Constant-time comparison of two strings of any length. */
export function same(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}
