/** The job endpoints' callers and audiences, read from the environment by env.ts. */

/** Who may call the job endpoints, whichever endpoint. */
export interface JobCallers {
  /** Shared secret (header X-Chatops-Secret, or ?token=). */
  secret?: string;
  /** The service accounts whose Google ID tokens are accepted. */
  invokers: string[];
}

/**
 * One job endpoint's own audiences: a Google ID token opens only the endpoint it was minted for. Every job
 * endpoint has one (alerts, backup drills, audits next): a variable `<ENDPOINT>_AUDIENCE`, read by
 * `jobEndpoint` below, and `authenticateJob` (src/scheduler/job-auth.ts) in its route.
 */
export interface JobEndpointAuth {
  path: string;
  audiences: string[];
  /** The variable that sets them, named in refusals and errors. */
  audienceVariable: string;
  /**
   * An entry with a token of its own instead of the shared secret (Cloud Monitoring's webhook_tokenauth:
   * `?auth_token=`, or HTTP basic auth with it as the password); `value` is absent when its variable is unset.
   */
  token?: { value?: string; variable: string };
}

export const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const JOB_PATHS = ['/jobs/cost-digest', '/hooks/budget'];

/**
 * COST_JOB_AUDIENCE once opened both endpoints with any of its audiences. Kept for set-ups that followed
 * the README (the endpoints' URLs): each URL now belongs to the endpoint of its path only; anything else is
 * refused, since it cannot be told which endpoint it was meant for.
 */
export function jobAudiencesByPath(value: string | undefined, problems: string[]): Map<string, string[]> {
  const byPath = new Map<string, string[]>();
  for (const [index, audience] of list(value).entries()) {
    let path: string | undefined;
    try {
      const url = new URL(audience);
      if (url.protocol === 'https:' || url.protocol === 'http:') path = url.pathname.replace(/(.)\/$/, '$1');
    } catch {
      // not a URL
    }
    if (path === undefined || !JOB_PATHS.includes(path)) {
      problems.push(
        `COST_JOB_AUDIENCE: its audience #${index + 1} is not the URL of ${JOB_PATHS.join(' or ')}; set COST_DIGEST_JOB_AUDIENCE and BUDGET_HOOK_AUDIENCE instead (each endpoint accepts only its own audience)`,
      );
      continue;
    }
    byPath.set(path, [...(byPath.get(path) ?? []), audience]);
  }
  return byPath;
}

export function jobEndpoint(
  path: string,
  audienceVariable: string,
  value: string | undefined,
  legacy: Map<string, string[]>,
): JobEndpointAuth {
  return { path, audienceVariable, audiences: [...list(value), ...(legacy.get(path) ?? [])] };
}
