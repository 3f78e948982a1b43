import {
  DOCS,
  findRepo,
  GitHubError,
  notFound,
  paginate,
  REPO,
  str,
  validationFailed,
  type GitHubContext,
  type Request,
  type Route,
} from './context.js';
import type { RepoState } from './model.js';
import { runJson, runStatus, workflowJson } from './render-actions.js';

/** Actions workflows and their runs. */

const D = {
  workflows: `${DOCS}/actions/workflows#list-repository-workflows`,
  dispatch: `${DOCS}/actions/workflows#create-a-workflow-dispatch-event`,
  runs: `${DOCS}/actions/workflow-runs#list-workflow-runs-for-a-repository`,
  run: `${DOCS}/actions/workflow-runs#get-a-workflow-run`,
};

function findWorkflow(repo: RepoState, id: string) {
  const w = repo.workflows.find((x) => String(x.id) === id || x.path === id || x.path.endsWith(`/${id}`));
  if (!w) throw notFound(D.dispatch);
  return w;
}

function dispatch(ctx: GitHubContext, req: Request) {
  const repo = findRepo(ctx, req, D.dispatch);
  const workflow = findWorkflow(repo, req.params[2] ?? '');
  const ref = str(req.body.ref);
  if (!ref) throw validationFailed(D.dispatch, 'WorkflowDispatch', 'ref');
  const name = ref.replace(/^refs\/(heads|tags)\//, '');
  const sha = repo.branches.get(name) ?? repo.tags.get(name);
  if (!sha) throw new GitHubError(422, `No ref found for: ${ref}`, D.dispatch);
  const runNumber = repo.runs.filter((r) => r.workflowId === workflow.id).length + 1;
  repo.runs.push({
    id: ctx.ids.next() * 10,
    workflowId: workflow.id,
    runNumber,
    event: 'workflow_dispatch',
    headBranch: name,
    headSha: sha,
    actor: ctx.actor,
    inputs: (req.body.inputs as Record<string, unknown>) ?? {},
    createdAtMs: ctx.nowMs(),
    ...ctx.workflowTimings,
    conclusion: ctx.takeRunConclusion(repo),
  });
  return { status: 204 };
}

function listRuns(ctx: GitHubContext, req: Request, workflowId?: number) {
  const repo = findRepo(ctx, req, D.runs);
  const q = (k: string): string | undefined => req.query.get(k) ?? undefined;
  const now = ctx.nowMs();
  const runs = [...repo.runs].reverse().filter((r) => {
    const { status, conclusion } = runStatus(r, now);
    const wanted = q('status');
    return (
      (workflowId === undefined || r.workflowId === workflowId) &&
      (!q('branch') || r.headBranch === q('branch')) &&
      (!q('event') || r.event === q('event')) &&
      (!q('head_sha') || r.headSha === q('head_sha')) &&
      (!q('actor') || r.actor.login === q('actor')) &&
      (!wanted || status === wanted || conclusion === wanted)
    );
  });
  const { items, headers } = paginate(runs, req);
  return {
    status: 200,
    headers,
    body: { total_count: runs.length, workflow_runs: items.map((r) => runJson(repo, r, ctx.baseUrl, now)) },
  };
}

export const actionRoutes: Route[] = [
  [
    'GET',
    new RegExp(`${REPO}/actions/workflows$`),
    (ctx, req) => {
      const repo = findRepo(ctx, req, D.workflows);
      return {
        status: 200,
        body: {
          total_count: repo.workflows.length,
          workflows: repo.workflows.map((w) => workflowJson(repo, w, ctx.baseUrl)),
        },
      };
    },
  ],
  ['POST', new RegExp(`${REPO}/actions/workflows/([^/]+)/dispatches$`), dispatch],
  [
    'GET',
    new RegExp(`${REPO}/actions/workflows/([^/]+)/runs$`),
    (ctx, req) => listRuns(ctx, req, findWorkflow(findRepo(ctx, req, D.runs), req.params[2] ?? '').id),
  ],
  ['GET', new RegExp(`${REPO}/actions/runs$`), (ctx, req) => listRuns(ctx, req)],
  [
    'GET',
    new RegExp(`${REPO}/actions/runs/(\\d+)$`),
    (ctx, req) => {
      const repo = findRepo(ctx, req, D.run);
      const run = repo.runs.find((r) => String(r.id) === req.params[2]);
      if (!run) throw notFound(D.run);
      return { status: 200, body: runJson(repo, run, ctx.baseUrl, ctx.nowMs()) };
    },
  ],
];
