import type { IncomingMessage, ServerResponse } from 'node:http';
import { applyFault, Faults } from './faults.js';
import { DOCS, GitHubError, type GitHubContext, type Reply, type Route } from './github/context.js';
import { commitSha, repoKey, resolveRef, type RepoState } from './github/model.js';
import type { GitHubCommitSeed, GitHubRepoSeed, GitHubUser, StatusState } from './github/seeds.js';
import { actionRoutes } from './github/routes-actions.js';
import { checkRoutes } from './github/routes-checks.js';
import { deploymentRoutes } from './github/routes-deployments.js';
import { commitRoutes } from './github/routes-commits.js';
import { issueRoutes } from './github/routes-issues.js';
import { RateLimit } from './github/rate-limit.js';
import { Ids, repoFromSeed, Users } from './github/state.js';
import { readBody, sendJson } from './http.js';
import { LocalServer } from './local-server.js';

export type { RepoState } from './github/model.js';
export type { GitHubCommitSeed, GitHubRepoSeed, GitHubUser } from './github/seeds.js';

export interface GitHubStandinOptions {
  faults?: Faults;
  /** The accepted token; with neither `token` nor `tokens` any token is accepted (a request without one gets 401). */
  token?: string;
  tokens?: string[];
  /** Requests per hour before 403 "API rate limit exceeded" (default 5000). */
  rateLimit?: number;
  /** How long a dispatched workflow run stays queued, then in progress (defaults 100 ms and 300 ms). */
  workflowQueuedMs?: number;
  workflowRunMs?: number;
  now?: () => number;
}

const ROUTES: Route[] = [...checkRoutes, ...commitRoutes, ...deploymentRoutes, ...actionRoutes, ...issueRoutes];

/**
 * A local GitHub REST API (v3, `X-GitHub-Api-Version: 2022-11-28`) for Octokit with `baseUrl` set to it.
 * Faults are keyed "METHOD /path", e.g. "GET /repos/acme/api/commits/main"; an `after-handling` fault carries the
 * request out first (a deployment created, its answer lost).
 */
export class GitHubStandin extends LocalServer implements GitHubContext {
  readonly faults: Faults;
  readonly repos = new Map<string, RepoState>();
  readonly users = new Users();
  readonly ids = new Ids();
  readonly workflowTimings: { queuedMs: number; runMs: number };
  /** Every request, in order: "METHOD /path". */
  readonly requests: string[] = [];
  actor: GitHubUser;
  private readonly tokens: Set<string> | undefined;
  private readonly rateLimit: RateLimit;
  private readonly clock: () => number;
  private readonly runConclusions = new Map<string, Array<'success' | 'failure' | 'cancelled'>>();

  constructor(options: GitHubStandinOptions = {}) {
    super('GitHubStandin');
    this.faults = options.faults ?? new Faults();
    const tokens = [...(options.tokens ?? []), ...(options.token ? [options.token] : [])];
    this.tokens = tokens.length > 0 ? new Set(tokens) : undefined;
    this.workflowTimings = { queuedMs: options.workflowQueuedMs ?? 100, runMs: options.workflowRunMs ?? 300 };
    this.clock = options.now ?? Date.now;
    this.rateLimit = new RateLimit(options.rateLimit ?? 5000, this.clock());
    this.actor = this.users.get('chatops-bot[bot]');
  }

  nowMs(): number {
    return this.clock();
  }

  /** Adds (or replaces) repositories; `users` gives commit authors their names and ids. */
  seed(repos: GitHubRepoSeed[], users: GitHubUser[] = []): this {
    for (const u of [...users, ...repos.flatMap((r) => r.users ?? [])]) this.users.add(u);
    for (const seed of repos) this.repos.set(repoKey(seed.owner, seed.name), repoFromSeed(seed, this.users, this.ids));
    return this;
  }

  // ---- helpers for tests and the sandbox page ----

  repo(owner: string, name: string): RepoState {
    const repo = this.repos.get(repoKey(owner, name));
    if (!repo) throw new Error(`GitHubStandin: no repository ${owner}/${name}`);
    return repo;
  }

  /** The sha a branch, tag or (short) sha resolves to. */
  resolve(owner: string, name: string, ref: string): string | undefined {
    return resolveRef(this.repo(owner, name), ref);
  }

  /** Adds a commit on top of a branch (default: the default branch) and returns its sha. */
  pushCommit(owner: string, name: string, commit: GitHubCommitSeed, branch?: string): string {
    const repo = this.repo(owner, name);
    const target = branch ?? repo.defaultBranch;
    const parent = repo.branches.get(target) ?? null;
    const sha = commit.sha ?? commitSha(owner, name, parent, commit.message, commit.author);
    const built = repoFromSeed({ owner, name, commits: [{ ...commit, sha }] }, this.users, this.ids);
    const state = built.commits.get(sha)!;
    repo.commits.set(sha, { ...state, parents: parent ? [parent] : [] });
    repo.statuses.set(sha, built.statuses.get(sha) ?? []);
    repo.checkRuns.set(sha, built.checkRuns.get(sha) ?? []);
    repo.branches.set(target, sha);
    return sha;
  }

  setCommitStatus(
    owner: string,
    name: string,
    ref: string,
    status: { context: string; state: StatusState; description?: string },
  ): void {
    const repo = this.repo(owner, name);
    const sha = resolveRef(repo, ref);
    if (!sha) throw new Error(`GitHubStandin: no commit ${ref} in ${owner}/${name}`);
    const entry = {
      id: this.ids.next(),
      state: status.state,
      context: status.context,
      description: status.description ?? null,
      targetUrl: null,
      createdAt: new Date(this.clock()).toISOString(),
      creator: this.actor,
    };
    repo.statuses.set(sha, [...(repo.statuses.get(sha) ?? []), entry]);
  }

  /** The next dispatched workflow run of this repository ends with this conclusion (default: success). */
  failNextRun(owner: string, name: string, conclusion: 'failure' | 'cancelled' = 'failure'): void {
    const key = repoKey(owner, name);
    this.runConclusions.set(key, [...(this.runConclusions.get(key) ?? []), conclusion]);
  }

  takeRunConclusion(repo: RepoState): 'success' | 'failure' | 'cancelled' {
    return this.runConclusions.get(repoKey(repo.owner.login, repo.name))?.shift() ?? 'success';
  }

  /** Sets how many requests are left before the rate limit (0: every request gets 403 until reset). */
  setRateLimitRemaining(remaining: number): void {
    this.rateLimit.setRemaining(remaining);
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const pathname = url.pathname.replace(/^\/api\/v3(?=\/)/, '');
    const method = req.method ?? 'GET';
    const key = `${method} ${pathname}`;
    this.requests.push(key);
    const fault = this.faults.take(key);
    if (fault && fault.kind !== 'after-handling') return applyFault(res, fault);
    const reply = await this.route(req, method, pathname, url);
    if (fault) return applyFault(res, fault.fault); // done, but the answer is lost or replaced
    const headers = { ...this.rateLimit.headers(this.requests.length), ...(reply.headers ?? {}) };
    if (reply.status === 204) {
      res.writeHead(204, headers);
      res.end();
    } else {
      sendJson(res, reply.status, reply.body ?? {}, headers);
    }
  }

  private async route(req: IncomingMessage, method: string, pathname: string, url: URL): Promise<Reply> {
    try {
      const auth = req.headers.authorization;
      if (!auth) throw new GitHubError(401, 'Requires authentication', DOCS);
      const token = auth.replace(/^(token|bearer)\s+/i, '');
      if (this.tokens && !this.tokens.has(token)) throw new GitHubError(401, 'Bad credentials', DOCS);
      this.rateLimit.take(this.actor.id);
      for (const [m, pattern, handler] of ROUTES) {
        const match = method === m ? pattern.exec(pathname) : null;
        if (!match) continue;
        const raw = method === 'GET' ? '' : await readBody(req);
        let body: Record<string, unknown> = {};
        try {
          body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          throw new GitHubError(400, 'Problems parsing JSON', DOCS);
        }
        const params = match.slice(1).map((p) => decodeURIComponent(p));
        return handler(this, { method, params, query: url.searchParams, body, url: new URL(pathname, this.baseUrl) });
      }
      throw new GitHubError(404, 'Not Found', DOCS);
    } catch (error) {
      if (error instanceof GitHubError) return { status: error.status, body: error.toBody() };
      throw error;
    }
  }
}
