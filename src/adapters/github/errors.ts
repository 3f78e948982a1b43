import { PortError } from '../../domain/errors.js';
import type { RepoRef } from '../../ports/source-control.js';
import { parseRetryAfter } from '../shared/retry.js';

/**
 * Translates Octokit's RequestError (status, response headers, GitHub's `{ message, documentation_url }`)
 * and network failures into PortErrors with messages a user can act on.
 */

export const BACKEND = 'GitHub';

interface OctokitFailure {
  status?: number;
  message?: string;
  name?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
  cause?: unknown;
}

const apiMessage = (data: unknown): string | undefined =>
  data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string'
    ? (data as { message: string }).message
    : undefined;

export interface ErrorContext {
  repo: RepoRef;
  ref?: string;
  /** Whether a token was configured (a 401 then means a bad one, not a missing one). */
  hasToken: boolean;
}

export function toPortError(error: unknown, ctx: ErrorContext, now = Date.now()): PortError {
  if (error instanceof PortError) return error;
  const e = (error ?? {}) as OctokitFailure;
  const full = `${ctx.repo.owner}/${ctx.repo.repo}`;
  const headers = e.response?.headers ?? {};
  const message = apiMessage(e.response?.data) ?? e.message ?? String(error);
  const retryAfter = parseRetryAfter(headers['retry-after']);
  if (!e.response) {
    // No response: the request never completed (refused, reset, DNS, aborted).
    if (e.name === 'AbortError' || e.name === 'TimeoutError')
      return new PortError('timeout', `GitHub did not answer in time reading ${full}`, BACKEND);
    return new PortError('unavailable', `GitHub could not be reached (${message}); try again in a minute`, BACKEND);
  }
  const status = e.status ?? 0;
  const rateLimited =
    status === 429 ||
    (status === 403 &&
      (headers['x-ratelimit-remaining'] === '0' || retryAfter !== undefined || /rate limit/i.test(message)));
  if (rateLimited) {
    const reset = Number(headers['x-ratelimit-reset']);
    const wait =
      retryAfter ?? (Number.isFinite(reset) && reset > 0 ? Math.max(0, Math.ceil(reset - now / 1000)) : undefined);
    return new PortError(
      'rate_limited',
      `GitHub rate limit reached${wait !== undefined ? `; retry in ${wait}s` : ''}`,
      BACKEND,
      wait,
    );
  }
  switch (status) {
    case 401:
      return new PortError(
        'unauthenticated',
        ctx.hasToken
          ? `GitHub rejected the bot's token (${message}): check GITHUB_TOKEN`
          : 'GitHub needs a token: set GITHUB_TOKEN',
        BACKEND,
      );
    case 403:
      return new PortError(
        'permission_denied',
        `The bot's GitHub token may not read ${full} (it needs Contents: read): ${message}`,
        BACKEND,
      );
    case 404:
      return new PortError('not_found', `GitHub repository ${full} not found or the token cannot see it`, BACKEND);
    case 409:
      return ctx.ref !== undefined && /empty/i.test(message)
        ? new PortError('not_found', `GitHub repository ${full} has no commits yet`, BACKEND)
        : new PortError('conflict', `GitHub refused the change to ${full}: ${message}`, BACKEND);
    case 422:
      return ctx.ref !== undefined
        ? new PortError('not_found', `No branch, tag or commit "${ctx.ref}" in GitHub repository ${full}`, BACKEND)
        : new PortError('invalid', `GitHub refused the request for ${full}: ${message}`, BACKEND);
    case 408:
    case 504:
      return new PortError('timeout', `GitHub timed out reading ${full} (HTTP ${status})`, BACKEND);
    default:
      if (status >= 400 && status < 500)
        return new PortError('invalid', `GitHub refused the request for ${full} (HTTP ${status}): ${message}`, BACKEND);
      return new PortError(
        'unavailable',
        `GitHub is unavailable (HTTP ${status}); try again in a minute`,
        BACKEND,
        retryAfter,
      );
  }
}
