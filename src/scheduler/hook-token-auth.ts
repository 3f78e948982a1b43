import type { IncomingMessage } from 'node:http';
import type { JobCallers, JobEndpointAuth } from '../config/env.js';
import { authenticateJob, header, type JobAuth, same, type VerifyIdToken } from './job-auth.js';

/**
 * Who may call an entry with a token of its own (POST /hooks/alerts): Cloud Monitoring's webhook_tokenauth sends
 * it as `?auth_token=`, its basic-auth channel as the password; Pub/Sub push sends a Google OIDC token minted for
 * the entry's own audience (checked as the cost jobs' are, with the same invokers). The shared secret of the job
 * entries opens nothing here. Closed when neither the token nor an audience is configured.
 */
export async function authenticateHookToken(
  req: Pick<IncomingMessage, 'url' | 'headers'>,
  endpoint: JobEndpointAuth & { token: { value?: string; variable: string } },
  callers: JobCallers,
  verify: VerifyIdToken,
): Promise<JobAuth> {
  const { token } = endpoint;
  if (!token.value && endpoint.audiences.length === 0)
    return {
      ok: false,
      status: 403,
      reason: `closed: set ${token.variable}, or ${endpoint.audienceVariable} with COST_JOB_INVOKERS, to open it`,
    };
  const authorization = header(req, 'authorization') ?? '';
  const given =
    new URL(req.url ?? '/', 'http://localhost').searchParams.get('auth_token') ?? basicPassword(authorization);
  if (given !== undefined) {
    if (token.value && same(given, token.value)) return { ok: true, caller: 'webhook token' };
    return { ok: false, status: 401, reason: `the token does not match ${token.variable}` };
  }
  if (!/^Bearer\s+\S+$/i.test(authorization))
    return {
      ok: false,
      status: 401,
      reason: 'no credentials: send ?auth_token=, basic auth with the token as password, or a Google OIDC token',
    };
  if (endpoint.audiences.length === 0)
    return {
      ok: false,
      status: 401,
      reason: `OIDC tokens are not accepted here: ${endpoint.audienceVariable} is not set`,
    };
  // Only the OIDC path of the job check: no shared secret is given, so it cannot open this entry.
  return authenticateJob({ url: '/', headers: req.headers }, endpoint, { invokers: callers.invokers }, verify);
}

function basicPassword(authorization: string): string | undefined {
  const encoded = /^Basic\s+(\S+)$/i.exec(authorization)?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon >= 0 ? decoded.slice(colon + 1) : decoded;
}
