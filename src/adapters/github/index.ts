import type { Octokit } from '@octokit/rest';
import { PortError } from '../../domain/errors.js';
import type { Commit, RepoRef, SourceControl } from '../../ports/source-control.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../shared/retry.js';
import { BACKEND, toPortError, type ErrorContext } from './errors.js';

export interface GitHubSourceControlOptions {
  token?: string;
  /** The API root: https://api.github.com by default; a GitHub Enterprise Server's /api/v3, or a stand-in. */
  baseUrl?: string;
  /** Per request (default 10 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const API_VERSION = '2022-11-28';
const noop = (): void => undefined;

export function createGitHubSourceControl(options: GitHubSourceControlOptions = {}): SourceControl {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const hasToken = Boolean(options.token);

  // @octokit/rest is loaded on first use, so the bot's cold start does not pay for it.
  let client: Promise<Octokit> | undefined;
  const octokit = (): Promise<Octokit> =>
    (client ??= import('@octokit/rest').then(
      ({ Octokit }) =>
        new Octokit({
          ...(options.token ? { auth: options.token } : {}),
          ...(options.baseUrl ? { baseUrl: options.baseUrl.replace(/\/+$/, '') } : {}),
          userAgent: 'chatops-bot',
          headers: { 'x-github-api-version': API_VERSION },
          // Octokit logs every failed request to console.error; failures reach the caller as PortErrors instead.
          log: { debug: noop, info: noop, warn: (message: string) => console.warn(message), error: noop },
        }),
      (error: unknown) => {
        client = undefined;
        throw new PortError('unavailable', `The GitHub client could not start: ${error instanceof Error ? error.message : String(error)}`, BACKEND);
      },
    ));

  function call<T>(ctx: ErrorContext, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const full = `${ctx.repo.owner}/${ctx.repo.repo}`;
    return withRetries(run, {
      timeoutMs,
      policy,
      translate: (error) => toPortError(error, ctx),
      timedOut: () => new PortError('timeout', `GitHub did not answer within ${Math.round(timeoutMs / 100) / 10}s reading ${full}`, BACKEND),
    });
  }

  return {
    async getCommit(repo: RepoRef, ref: string): Promise<Commit> {
      if (!repo.owner || !repo.repo || !ref.trim()) throw new PortError('invalid', 'A commit lookup needs an owner, a repository and a ref', BACKEND);
      const gh = await octokit();
      const { data } = await call({ repo, ref, hasToken }, (signal) =>
        gh.rest.repos.getCommit({ owner: repo.owner, repo: repo.repo, ref, per_page: 1, request: { signal } }),
      );
      const detail = data.commit;
      return {
        sha: data.sha,
        title: detail.message.split('\n', 1)[0] ?? '',
        author: data.author?.login ?? detail.author?.name ?? 'unknown',
        url: data.html_url,
        date: new Date(detail.author?.date ?? detail.committer?.date ?? 0),
      };
    },
  };
}
