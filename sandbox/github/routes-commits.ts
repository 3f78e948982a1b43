import {
  DOCS,
  findRepo,
  GitHubError,
  notFound,
  paginate,
  validationFailed,
  type GitHubContext,
  type Request,
  type Route,
} from './context.js';
import { history, resolveRef, type RepoState, type StatusState } from './model.js';
import { combinedState, commitJson, fileJson, repoJson, userJson } from './render.js';

/** Repository, commits, compare, commit statuses and check runs. */

const D = {
  repo: `${DOCS}/repos/repos#get-a-repository`,
  commit: `${DOCS}/commits/commits#get-a-commit`,
  commits: `${DOCS}/commits/commits#list-commits`,
  compare: `${DOCS}/commits/commits#compare-two-commits`,
  status: `${DOCS}/commits/statuses#get-the-combined-status-for-a-specific-reference`,
  createStatus: `${DOCS}/commits/statuses#create-a-commit-status`,
  checks: `${DOCS}/checks/runs#list-check-runs-for-a-git-reference`,
};

const R = '^/repos/([^/]+)/([^/]+)';

function shaOrThrow(repo: RepoState, ref: string, error: GitHubError): string {
  const sha = resolveRef(repo, ref);
  if (!sha) throw error;
  return sha;
}

function listCommits(ctx: GitHubContext, req: Request) {
  const repo = findRepo(ctx, req, D.commits);
  const start = shaOrThrow(repo, req.query.get('sha') ?? repo.defaultBranch, notFound(D.commits));
  const path = req.query.get('path');
  const author = req.query.get('author')?.toLowerCase();
  const since = req.query.get('since');
  const until = req.query.get('until');
  const commits = history(repo, start).filter(
    (c) =>
      (!path ||
        c.files.some((f) => f.filename === path || f.filename.startsWith(path.endsWith('/') ? path : `${path}/`))) &&
      (!author || c.author.login.toLowerCase() === author || c.author.email.toLowerCase() === author) &&
      (!since || c.date >= new Date(since).toISOString()) &&
      (!until || c.date <= new Date(until).toISOString()),
  );
  const { items, headers } = paginate(commits, req);
  return { status: 200, body: items.map((c) => commitJson(repo, c, ctx.baseUrl, false)), headers };
}

function compare(ctx: GitHubContext, req: Request) {
  const repo = findRepo(ctx, req, D.compare);
  const [base = '', head = ''] = (req.params[2] ?? '').split(/\.{3}/);
  const baseSha = shaOrThrow(repo, base, notFound(D.compare));
  const headSha = shaOrThrow(repo, head, notFound(D.compare));
  const headLine = history(repo, headSha);
  const baseLine = history(repo, baseSha);
  const baseSet = new Set(baseLine.map((c) => c.sha));
  const mergeBase = headLine.find((c) => baseSet.has(c.sha));
  if (!mergeBase) throw notFound(D.compare);
  const ahead = headLine.slice(0, headLine.indexOf(mergeBase)).reverse();
  const behindBy = baseLine.indexOf(baseLine.find((c) => c.sha === mergeBase.sha)!);
  const status = ahead.length && behindBy ? 'diverged' : ahead.length ? 'ahead' : behindBy ? 'behind' : 'identical';
  const files = new Map<string, ReturnType<typeof fileJson>>();
  for (const c of ahead) for (const f of c.files) files.set(f.filename, fileJson(repo, c.sha, f));
  const full = `${repo.owner.login}/${repo.name}`;
  return {
    status: 200,
    body: {
      url: `${ctx.baseUrl}/repos/${full}/compare/${base}...${head}`,
      html_url: `https://github.com/${full}/compare/${base}...${head}`,
      permalink_url: `https://github.com/${full}/compare/${full.replace('/', ':')}:${baseSha.slice(0, 7)}...${full.replace('/', ':')}:${headSha.slice(0, 7)}`,
      diff_url: `https://github.com/${full}/compare/${base}...${head}.diff`,
      patch_url: `https://github.com/${full}/compare/${base}...${head}.patch`,
      base_commit: commitJson(repo, repo.commits.get(baseSha)!, ctx.baseUrl, false),
      merge_base_commit: commitJson(repo, mergeBase, ctx.baseUrl, false),
      status,
      ahead_by: ahead.length,
      behind_by: behindBy,
      total_commits: ahead.length,
      commits: ahead.map((c) => commitJson(repo, c, ctx.baseUrl, false)),
      files: [...files.values()],
    },
  };
}

function combinedStatus(ctx: GitHubContext, req: Request) {
  const repo = findRepo(ctx, req, D.status);
  const ref = req.params[2] ?? '';
  const sha = shaOrThrow(repo, ref, notFound(D.status));
  // The latest status per context counts.
  const latest = new Map<string, NonNullable<ReturnType<RepoState['statuses']['get']>>[number]>();
  for (const s of repo.statuses.get(sha) ?? []) latest.set(s.context, s);
  const statuses = [...latest.values()];
  const full = `${repo.owner.login}/${repo.name}`;
  return {
    status: 200,
    body: {
      state: combinedState(statuses.map((s) => s.state)),
      statuses: statuses.map((s) => ({
        url: `${ctx.baseUrl}/repos/${full}/statuses/${sha}`,
        id: s.id,
        node_id: `SC_${s.id}`,
        state: s.state,
        description: s.description,
        target_url: s.targetUrl,
        context: s.context,
        created_at: s.createdAt,
        updated_at: s.createdAt,
        creator: userJson(s.creator, ctx.baseUrl),
      })),
      sha,
      total_count: statuses.length,
      repository: repoJson(repo, ctx.baseUrl),
      commit_url: `${ctx.baseUrl}/repos/${full}/commits/${sha}`,
      url: `${ctx.baseUrl}/repos/${full}/commits/${sha}/status`,
    },
  };
}

function createStatus(ctx: GitHubContext, req: Request) {
  const repo = findRepo(ctx, req, D.createStatus);
  const sha = shaOrThrow(
    repo,
    req.params[2] ?? '',
    new GitHubError(422, `No commit found for SHA: ${req.params[2]}`, D.createStatus),
  );
  const state = req.body.state;
  if (!['error', 'failure', 'pending', 'success'].includes(String(state)))
    throw validationFailed(D.createStatus, 'Status', 'state', 'custom');
  const status = {
    id: ctx.ids.next(),
    state: state as StatusState,
    context: typeof req.body.context === 'string' ? req.body.context : 'default',
    description: typeof req.body.description === 'string' ? req.body.description : null,
    targetUrl: typeof req.body.target_url === 'string' ? req.body.target_url : null,
    createdAt: new Date(ctx.nowMs()).toISOString(),
    creator: ctx.actor,
  };
  repo.statuses.set(sha, [...(repo.statuses.get(sha) ?? []), status]);
  return {
    status: 201,
    body: {
      id: status.id,
      state: status.state,
      context: status.context,
      description: status.description,
      target_url: status.targetUrl,
      created_at: status.createdAt,
      updated_at: status.createdAt,
      creator: userJson(ctx.actor, ctx.baseUrl),
    },
  };
}

function checkRuns(ctx: GitHubContext, req: Request) {
  const repo = findRepo(ctx, req, D.checks);
  const sha = shaOrThrow(repo, req.params[2] ?? '', notFound(D.checks));
  const name = req.query.get('check_name');
  const runs = (repo.checkRuns.get(sha) ?? []).filter((r) => !name || r.name === name);
  const { items, headers } = paginate(runs, req);
  const full = `${repo.owner.login}/${repo.name}`;
  return {
    status: 200,
    headers,
    body: {
      total_count: runs.length,
      check_runs: items.map((r) => ({
        id: r.id,
        head_sha: r.headSha,
        node_id: `CR_${r.id}`,
        external_id: '',
        url: `${ctx.baseUrl}/repos/${full}/check-runs/${r.id}`,
        html_url: `https://github.com/${full}/runs/${r.id}`,
        details_url: `https://github.com/${full}/runs/${r.id}`,
        status: r.status,
        conclusion: r.conclusion,
        started_at: r.startedAt,
        completed_at: r.completedAt,
        name: r.name,
        output: {
          title: r.conclusion === 'failure' ? `${r.name} failed` : null,
          summary: null,
          text: null,
          annotations_count: 0,
          annotations_url: `${ctx.baseUrl}/repos/${full}/check-runs/${r.id}/annotations`,
        },
        check_suite: { id: r.id + 1 },
        app: { id: 15368, slug: 'github-actions', name: 'GitHub Actions' },
        pull_requests: [],
      })),
    },
  };
}

export const commitRoutes: Route[] = [
  [
    'GET',
    new RegExp(`${R}$`),
    (ctx, req) => ({ status: 200, body: repoJson(findRepo(ctx, req, D.repo), ctx.baseUrl) }),
  ],
  ['GET', new RegExp(`${R}/commits$`), listCommits],
  ['GET', new RegExp(`${R}/commits/(.+)/status$`), combinedStatus],
  ['GET', new RegExp(`${R}/commits/(.+)/check-runs$`), checkRuns],
  [
    'GET',
    new RegExp(`${R}/commits/(.+)$`),
    (ctx, req) => {
      const repo = findRepo(ctx, req, D.commit);
      const ref = req.params[2] ?? '';
      const sha = shaOrThrow(repo, ref, new GitHubError(422, `No commit found for SHA: ${ref}`, D.commit));
      return { status: 200, body: commitJson(repo, repo.commits.get(sha)!, ctx.baseUrl, true) };
    },
  ],
  ['GET', new RegExp(`${R}/compare/(.+)$`), compare],
  ['POST', new RegExp(`${R}/statuses/([^/]+)$`), createStatus],
];
