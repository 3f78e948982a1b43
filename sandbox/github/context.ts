import { repoKey, type RepoState } from './model.js';
import type { GitHubUser } from './seeds.js';
import type { Ids, Users } from './state.js';

/** What the GitHub routes share: the state, and GitHub's error and pagination conventions. */
export interface GitHubContext {
  readonly baseUrl: string;
  readonly repos: Map<string, RepoState>;
  readonly users: Users;
  readonly ids: Ids;
  readonly workflowTimings: { queuedMs: number; runMs: number };
  nowMs(): number;
  /** The user the request's token belongs to. */
  actor: GitHubUser;
  /** The conclusion the next dispatched run of this repository will have. */
  takeRunConclusion(repo: RepoState): 'success' | 'failure' | 'cancelled';
}

export interface Request {
  method: string;
  params: string[];
  query: URLSearchParams;
  body: Record<string, unknown>;
  /** The request URL without the query, for Link headers. */
  url: URL;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Route = [method: string, pattern: RegExp, handler: (ctx: GitHubContext, req: Request) => Reply];

export const DOCS = 'https://docs.github.com/rest';
/** The start of every repository route: owner and name are params[0] and params[1]. */
export const REPO = '^/repos/([^/]+)/([^/]+)';
/** A non-empty string field of a request body, or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** GitHub's error shape: `{ message, documentation_url, status }`, plus `errors` for 422s. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly documentationUrl = DOCS,
    readonly errors?: unknown[],
  ) {
    super(message);
  }

  toBody(): Record<string, unknown> {
    return {
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      documentation_url: this.documentationUrl,
      status: String(this.status),
    };
  }
}

export const notFound = (docs: string): GitHubError => new GitHubError(404, 'Not Found', docs);

export const validationFailed = (docs: string, resource: string, field: string, code = 'missing_field'): GitHubError =>
  new GitHubError(422, 'Validation Failed', docs, [{ resource, code, field }]);

export function findRepo(ctx: GitHubContext, req: Request, docs: string): RepoState {
  const [owner = '', name = ''] = req.params;
  const repo = ctx.repos.get(repoKey(owner, name));
  if (!repo) throw notFound(docs);
  return repo;
}

/** `per_page` (default 30, max 100) and 1-based `page`, with a Link header as GitHub sends it. */
export function paginate<T>(items: T[], req: Request): { items: T[]; headers: Record<string, string> } {
  const perPage = Math.min(Math.max(Number(req.query.get('per_page') ?? '') || 30, 1), 100);
  const pageNo = Math.max(Number(req.query.get('page') ?? '') || 1, 1);
  const last = Math.max(Math.ceil(items.length / perPage), 1);
  const link = (p: number, rel: string): string => {
    const u = new URL(req.url);
    for (const [k, v] of req.query) u.searchParams.set(k, v);
    u.searchParams.set('per_page', String(perPage));
    u.searchParams.set('page', String(p));
    return `<${u.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (pageNo > 1) links.push(link(pageNo - 1, 'prev'), link(1, 'first'));
  if (pageNo < last) links.push(link(pageNo + 1, 'next'), link(last, 'last'));
  return {
    items: items.slice((pageNo - 1) * perPage, pageNo * perPage),
    headers: links.length ? { link: links.join(', ') } : {},
  };
}
