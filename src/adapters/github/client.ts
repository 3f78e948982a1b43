import type { Octokit } from '@octokit/rest';
import { PortError } from '../../domain/errors.js';
import type { RepoRef } from '../../ports/source-control.js';
import { vendorClient, type VendorClients } from '../shared/vendor-clients.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../shared/retry.js';
import { BACKEND, toPortError } from './errors.js';

export interface GitHubSourceControlOptions {
  token?: string;
  /** The API root: https://api.github.com by default; a GitHub Enterprise Server's /api/v3, or a stand-in. */
  baseUrl?: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The bot's warm-up (src/adapters/shared/vendor-clients.ts); unset: Octokit loads on first use. */
  vendorClients?: VendorClients;
}

const API_VERSION = '2022-11-28';
const noop = (): void => undefined;

/**
 * Runs one GitHub call for a repository: bounded retries, a timeout, errors as PortErrors. `retryable` narrows
 * which failures are tried again (a call that must not happen twice retries only what GitHub refused).
 */
export type GitHubCall = <T>(
  repo: RepoRef,
  run: (gh: Octokit, signal: AbortSignal) => Promise<T>,
  ref?: string,
  options?: { retryable?: (error: PortError) => boolean },
) => Promise<T>;

export function createGitHubCall(options: GitHubSourceControlOptions): GitHubCall {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const hasToken = Boolean(options.token);

  const octokit = vendorClient(
    'GitHub',
    () =>
      import('@octokit/rest').then(
        async ({ Octokit }) => {
          await fetch('data:,'); // Octokit sends with Node's fetch, whose code loads on its first request
          return new Octokit({
            ...(options.token ? { auth: options.token } : {}),
            ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
            userAgent: 'chatops-bot',
            headers: { 'x-github-api-version': API_VERSION },
            // Octokit logs every failed request to console.error; failures reach the caller as PortErrors instead.
            log: { debug: noop, info: noop, warn: (message: string) => console.warn(message), error: noop },
          });
        },
        (error: unknown) => {
          throw new PortError(
            'unavailable',
            `The GitHub client could not start: ${error instanceof Error ? error.message : String(error)}`,
            BACKEND,
          );
        },
      ),
    options.vendorClients,
  );

  return async (repo, run, ref, callOptions) => {
    if (!repo.owner || !repo.repo)
      throw new PortError('invalid', 'A GitHub call needs an owner and a repository', BACKEND);
    const gh = await octokit();
    return withRetries((signal) => run(gh, signal), {
      timeoutMs,
      policy,
      translate: (error) => toPortError(error, { repo, ref, hasToken }),
      timedOut: () =>
        new PortError(
          'timeout',
          `GitHub did not answer within ${Math.round(timeoutMs / 100) / 10}s for ${repo.owner}/${repo.repo}`,
          BACKEND,
        ),
      ...(callOptions?.retryable ? { retryable: callOptions.retryable } : {}),
    });
  };
}
