import {
  DOCS,
  findRepo,
  GitHubError,
  notFound,
  paginate,
  REPO,
  validationFailed,
  type GitHubContext,
  type Request,
  type Route,
} from './context.js';
import type { RepoState } from './model.js';
import type { StatusState } from './seeds.js';
import { combinedState, repoJson, userJson } from './render.js';
import { shaOrThrow } from './routes-commits.js';

/** Commit statuses and check runs: what CI says about a commit. */

const D = {
  status: `${DOCS}/commits/statuses#get-the-combined-status-for-a-specific-reference`,
  createStatus: `${DOCS}/commits/statuses#create-a-commit-status`,
  checks: `${DOCS}/checks/runs#list-check-runs-for-a-git-reference`,
};

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

export const checkRoutes: Route[] = [
  ['GET', new RegExp(`${REPO}/commits/(.+)/status$`), combinedStatus],
  ['GET', new RegExp(`${REPO}/commits/(.+)/check-runs$`), checkRuns],
  ['POST', new RegExp(`${REPO}/statuses/([^/]+)$`), createStatus],
];
