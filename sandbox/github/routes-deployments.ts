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
import { resolveRef, type DeploymentState, type RepoState } from './model.js';
import { deploymentJson, deploymentStatusJson } from './render-actions.js';

/** Deployments and their statuses. */

const D = {
  createDeployment: `${DOCS}/deployments/deployments#create-a-deployment`,
  deployments: `${DOCS}/deployments/deployments#list-deployments`,
  deployment: `${DOCS}/deployments/deployments#get-a-deployment`,
  createDeploymentStatus: `${DOCS}/deployments/statuses#create-a-deployment-status`,
  deploymentStatuses: `${DOCS}/deployments/statuses#list-deployment-statuses`,
};

const DEPLOYMENT_STATES = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success'];

function contextsFor(repo: RepoState, sha: string): Array<{ context: string; state: string }> {
  const latest = new Map<string, string>();
  for (const s of repo.statuses.get(sha) ?? []) latest.set(s.context, s.state);
  for (const c of repo.checkRuns.get(sha) ?? [])
    latest.set(
      c.name,
      c.status === 'completed'
        ? c.conclusion === 'success' || c.conclusion === 'skipped' || c.conclusion === 'neutral'
          ? 'success'
          : 'failure'
        : 'pending',
    );
  return [...latest].map(([context, state]) => ({ context, state }));
}

function createDeployment(ctx: GitHubContext, req: Request) {
  const repo = findRepo(ctx, req, D.createDeployment);
  const ref = str(req.body.ref);
  if (!ref) throw validationFailed(D.createDeployment, 'Deployment', 'ref');
  const sha = resolveRef(repo, ref);
  if (!sha) throw new GitHubError(422, `No ref found for: ${ref}`, D.createDeployment);
  const required = Array.isArray(req.body.required_contexts) ? (req.body.required_contexts as string[]) : undefined;
  const failing = contextsFor(repo, sha).filter(
    (c) => (required === undefined || required.includes(c.context)) && c.state !== 'success',
  );
  if (failing.length > 0) {
    throw new GitHubError(409, `Conflict: Commit status checks failed for ${ref}.`, D.createDeployment, [
      { contexts: failing, resource: 'Deployment', field: 'required_contexts' },
    ]);
  }
  const environment = str(req.body.environment) ?? 'production';
  const deployment: DeploymentState = {
    id: ctx.ids.next(),
    sha,
    ref,
    task: str(req.body.task) ?? 'deploy',
    payload: req.body.payload ?? {},
    environment,
    description: str(req.body.description) ?? null,
    transient: req.body.transient_environment === true,
    production:
      typeof req.body.production_environment === 'boolean'
        ? req.body.production_environment
        : environment === 'production',
    createdAt: new Date(ctx.nowMs()).toISOString(),
    creator: ctx.actor,
    statuses: [],
  };
  repo.deployments.push(deployment);
  return { status: 201, body: deploymentJson(repo, deployment, ctx.baseUrl) };
}

function findDeployment(
  ctx: GitHubContext,
  req: Request,
  docs: string,
): { repo: RepoState; deployment: DeploymentState } {
  const repo = findRepo(ctx, req, docs);
  const deployment = repo.deployments.find((d) => String(d.id) === req.params[2]);
  if (!deployment) throw notFound(docs);
  return { repo, deployment };
}

function createDeploymentStatus(ctx: GitHubContext, req: Request) {
  const { repo, deployment } = findDeployment(ctx, req, D.createDeploymentStatus);
  const state = str(req.body.state);
  if (!state || !DEPLOYMENT_STATES.includes(state))
    throw validationFailed(D.createDeploymentStatus, 'DeploymentStatus', 'state', state ? 'invalid' : 'missing_field');
  if (str(req.body.environment)) deployment.environment = str(req.body.environment)!;
  const at = new Date(ctx.nowMs()).toISOString();
  const status = {
    id: ctx.ids.next(),
    state,
    description: str(req.body.description) ?? '',
    environment: deployment.environment,
    logUrl: str(req.body.log_url) ?? str(req.body.target_url) ?? '',
    environmentUrl: str(req.body.environment_url) ?? '',
    createdAt: at,
    creator: ctx.actor,
  };
  deployment.statuses.push(status);
  // GitHub marks the environment's earlier successful deployments inactive (auto_inactive defaults to true).
  if (state === 'success' && req.body.auto_inactive !== false) {
    for (const other of repo.deployments) {
      if (
        other !== deployment &&
        other.environment === deployment.environment &&
        other.statuses.at(-1)?.state === 'success'
      ) {
        other.statuses.push({
          ...status,
          id: ctx.ids.next(),
          state: 'inactive',
          description: '',
          logUrl: '',
          environmentUrl: '',
        });
      }
    }
  }
  return { status: 201, body: deploymentStatusJson(repo, deployment, status, ctx.baseUrl) };
}

export const deploymentRoutes: Route[] = [
  ['POST', new RegExp(`${REPO}/deployments$`), createDeployment],
  [
    'GET',
    new RegExp(`${REPO}/deployments$`),
    (ctx, req) => {
      const repo = findRepo(ctx, req, D.deployments);
      const q = (k: string): string | null => req.query.get(k);
      const list = [...repo.deployments]
        .reverse()
        .filter(
          (d) =>
            (!q('sha') || d.sha === q('sha')) &&
            (!q('ref') || d.ref === q('ref')) &&
            (!q('task') || d.task === q('task')) &&
            (!q('environment') || d.environment === q('environment')),
        );
      const { items, headers } = paginate(list, req);
      return { status: 200, headers, body: items.map((d) => deploymentJson(repo, d, ctx.baseUrl)) };
    },
  ],
  [
    'GET',
    new RegExp(`${REPO}/deployments/(\\d+)$`),
    (ctx, req) => {
      const { repo, deployment } = findDeployment(ctx, req, D.deployment);
      return { status: 200, body: deploymentJson(repo, deployment, ctx.baseUrl) };
    },
  ],
  ['POST', new RegExp(`${REPO}/deployments/(\\d+)/statuses$`), createDeploymentStatus],
  [
    'GET',
    new RegExp(`${REPO}/deployments/(\\d+)/statuses$`),
    (ctx, req) => {
      const { repo, deployment } = findDeployment(ctx, req, D.deploymentStatuses);
      const { items, headers } = paginate([...deployment.statuses].reverse(), req);
      return { status: 200, headers, body: items.map((s) => deploymentStatusJson(repo, deployment, s, ctx.baseUrl)) };
    },
  ],
];
