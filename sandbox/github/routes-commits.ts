import {
  DOCS,
  findRepo,
  GitHubError,
  notFound,
  paginate,
  REPO,
  type GitHubContext,
  type Request,
  type Route,
} from './context.js';
import { history, resolveRef, type RepoState } from './model.js';
import { commitJson, fileJson, repoJson } from './render.js';

/** Repository, commits and compare. */

const D = {
  repo: `${DOCS}/repos/repos#get-a-repository`,
  commit: `${DOCS}/commits/commits#get-a-commit`,
  commits: `${DOCS}/commits/commits#list-commits`,
  compare: `${DOCS}/commits/commits#compare-two-commits`,
};

export function shaOrThrow(repo: RepoState, ref: string, error: GitHubError): string {
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

export const commitRoutes: Route[] = [
  [
    'GET',
    new RegExp(`${REPO}$`),
    (ctx, req) => ({ status: 200, body: repoJson(findRepo(ctx, req, D.repo), ctx.baseUrl) }),
  ],
  ['GET', new RegExp(`${REPO}/commits$`), listCommits],
  [
    'GET',
    new RegExp(`${REPO}/commits/(.+)$`),
    (ctx, req) => {
      const repo = findRepo(ctx, req, D.commit);
      const ref = req.params[2] ?? '';
      const sha = shaOrThrow(repo, ref, new GitHubError(422, `No commit found for SHA: ${ref}`, D.commit));
      return { status: 200, body: commitJson(repo, repo.commits.get(sha)!, ctx.baseUrl, true) };
    },
  ],
  ['GET', new RegExp(`${REPO}/compare/(.+)$`), compare],
];
