import type {
  DeploymentState,
  DeploymentStatusState,
  IssueState,
  RepoState,
  RunState,
  WorkflowState,
} from './model.js';
import { blobSha, HTML, nodeId, userJson } from './render.js';

/** GitHub REST v3 JSON for deployments, Actions workflows and runs, and issues. */

export function deploymentJson(r: RepoState, d: DeploymentState, api: string): Record<string, unknown> {
  const repoApi = `${api}/repos/${r.owner.login}/${r.name}`;
  return {
    url: `${repoApi}/deployments/${d.id}`,
    id: d.id,
    node_id: nodeId('DE', d.id),
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.environment,
    environment: d.environment,
    description: d.description,
    creator: userJson(d.creator, api),
    created_at: d.createdAt,
    updated_at: d.statuses.at(-1)?.createdAt ?? d.createdAt,
    statuses_url: `${repoApi}/deployments/${d.id}/statuses`,
    repository_url: repoApi,
    transient_environment: d.transient,
    production_environment: d.production,
  };
}

export function deploymentStatusJson(
  r: RepoState,
  d: DeploymentState,
  s: DeploymentStatusState,
  api: string,
): Record<string, unknown> {
  const repoApi = `${api}/repos/${r.owner.login}/${r.name}`;
  return {
    url: `${repoApi}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: nodeId('DES', s.id),
    state: s.state,
    creator: userJson(s.creator, api),
    description: s.description,
    environment: s.environment,
    target_url: s.logUrl,
    log_url: s.logUrl,
    environment_url: s.environmentUrl,
    created_at: s.createdAt,
    updated_at: s.createdAt,
    deployment_url: `${repoApi}/deployments/${d.id}`,
    repository_url: repoApi,
  };
}

export function workflowJson(r: RepoState, w: WorkflowState, api: string): Record<string, unknown> {
  const full = `${r.owner.login}/${r.name}`;
  return {
    id: w.id,
    node_id: nodeId('W', w.id),
    name: w.name,
    path: w.path,
    state: 'active',
    created_at: r.createdAt,
    updated_at: r.createdAt,
    url: `${api}/repos/${full}/actions/workflows/${w.id}`,
    html_url: `${HTML}/${full}/blob/${r.defaultBranch}/${w.path}`,
    badge_url: `${HTML}/${full}/workflows/${encodeURIComponent(w.name)}/badge.svg`,
  };
}

/** A run's status follows the clock: queued, then in_progress, then completed. */
export function runStatus(
  run: RunState,
  nowMs: number,
): { status: 'queued' | 'in_progress' | 'completed'; conclusion: string | null } {
  const elapsed = nowMs - run.createdAtMs;
  if (elapsed < run.queuedMs) return { status: 'queued', conclusion: null };
  if (elapsed < run.queuedMs + run.runMs) return { status: 'in_progress', conclusion: null };
  return { status: 'completed', conclusion: run.conclusion };
}

export function runJson(r: RepoState, run: RunState, api: string, nowMs: number): Record<string, unknown> {
  const full = `${r.owner.login}/${r.name}`;
  const workflow = r.workflows.find((w) => w.id === run.workflowId);
  const { status, conclusion } = runStatus(run, nowMs);
  const created = new Date(run.createdAtMs).toISOString();
  const started = new Date(run.createdAtMs + run.queuedMs).toISOString();
  const updated =
    status === 'queued'
      ? created
      : status === 'in_progress'
        ? started
        : new Date(run.createdAtMs + run.queuedMs + run.runMs).toISOString();
  const head = r.commits.get(run.headSha);
  return {
    id: run.id,
    name: workflow?.name ?? 'workflow',
    node_id: nodeId('WFR', run.id),
    head_branch: run.headBranch,
    head_sha: run.headSha,
    path: workflow?.path ?? '',
    display_title: workflow?.name ?? head?.message.split('\n')[0] ?? '',
    run_number: run.runNumber,
    event: run.event,
    status,
    conclusion,
    workflow_id: run.workflowId,
    url: `${api}/repos/${full}/actions/runs/${run.id}`,
    html_url: `${HTML}/${full}/actions/runs/${run.id}`,
    created_at: created,
    updated_at: updated,
    run_attempt: 1,
    run_started_at: started,
    actor: userJson(run.actor, api),
    triggering_actor: userJson(run.actor, api),
    jobs_url: `${api}/repos/${full}/actions/runs/${run.id}/jobs`,
    logs_url: `${api}/repos/${full}/actions/runs/${run.id}/logs`,
    workflow_url: `${api}/repos/${full}/actions/workflows/${run.workflowId}`,
    head_commit: head
      ? {
          id: head.sha,
          tree_id: head.treeSha,
          message: head.message,
          timestamp: head.date,
          author: { name: head.author.name, email: head.author.email },
        }
      : null,
    repository: { id: r.id, name: r.name, full_name: full },
  };
}

export function issueJson(r: RepoState, i: IssueState, api: string): Record<string, unknown> {
  const full = `${r.owner.login}/${r.name}`;
  const repoApi = `${api}/repos/${full}`;
  return {
    id: i.id,
    node_id: nodeId('I', i.id),
    url: `${repoApi}/issues/${i.number}`,
    repository_url: repoApi,
    labels_url: `${repoApi}/issues/${i.number}/labels{/name}`,
    comments_url: `${repoApi}/issues/${i.number}/comments`,
    events_url: `${repoApi}/issues/${i.number}/events`,
    html_url: `${HTML}/${full}/issues/${i.number}`,
    number: i.number,
    state: 'open',
    state_reason: null,
    title: i.title,
    body: i.body,
    user: userJson(i.user, api),
    labels: i.labels.map((name) => ({
      id: Number.parseInt(blobSha(name).slice(0, 8), 16),
      node_id: nodeId('LA', name),
      url: `${repoApi}/labels/${encodeURIComponent(name)}`,
      name,
      color: 'd73a4a',
      default: false,
      description: null,
    })),
    assignee: i.assignees[0] ? userJson(i.assignees[0], api) : null,
    assignees: i.assignees.map((u) => userJson(u, api)),
    locked: false,
    comments: 0,
    created_at: i.createdAt,
    updated_at: i.createdAt,
    closed_at: null,
    author_association: 'MEMBER',
  };
}
