import { createHash } from 'node:crypto';
import type { CheckConclusion, FileChange, GitHubUser, StatusState } from './seeds.js';

/** The GitHub stand-in's state (seeds.ts: what it is built from), and how refs and history are read from it. */

export interface CommitState {
  sha: string;
  parents: string[];
  message: string;
  author: GitHubUser;
  date: string;
  files: FileChange[];
  treeSha: string;
}

export interface CommitStatusState {
  id: number;
  state: StatusState;
  context: string;
  description: string | null;
  targetUrl: string | null;
  createdAt: string;
  creator: GitHubUser;
}

export interface CheckRunState {
  id: number;
  name: string;
  headSha: string;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: CheckConclusion | null;
  startedAt: string;
  completedAt: string | null;
}

export interface DeploymentStatusState {
  id: number;
  state: string;
  description: string;
  environment: string;
  logUrl: string;
  environmentUrl: string;
  createdAt: string;
  creator: GitHubUser;
}

export interface DeploymentState {
  id: number;
  sha: string;
  ref: string;
  task: string;
  payload: unknown;
  environment: string;
  description: string | null;
  transient: boolean;
  production: boolean;
  createdAt: string;
  creator: GitHubUser;
  statuses: DeploymentStatusState[];
}

export interface WorkflowState {
  id: number;
  name: string;
  path: string;
}

export interface RunState {
  id: number;
  workflowId: number;
  runNumber: number;
  event: string;
  headBranch: string;
  headSha: string;
  actor: GitHubUser;
  inputs: Record<string, unknown>;
  createdAtMs: number;
  queuedMs: number;
  runMs: number;
  conclusion: 'success' | 'failure' | 'cancelled';
}

export interface IssueState {
  id: number;
  number: number;
  title: string;
  body: string | null;
  labels: string[];
  assignees: GitHubUser[];
  user: GitHubUser;
  createdAt: string;
}

export interface RepoState {
  id: number;
  owner: GitHubUser;
  name: string;
  description: string;
  defaultBranch: string;
  private: boolean;
  createdAt: string;
  commits: Map<string, CommitState>;
  branches: Map<string, string>;
  tags: Map<string, string>;
  statuses: Map<string, CommitStatusState[]>;
  checkRuns: Map<string, CheckRunState[]>;
  deployments: DeploymentState[];
  workflows: WorkflowState[];
  runs: RunState[];
  issues: IssueState[];
  nextIssueNumber: number;
}

/** A deterministic 40-hex "sha" for a commit: the same seed gives the same sha on every run. */
export function commitSha(owner: string, repo: string, parent: string | null, message: string, author: string): string {
  return createHash('sha1')
    .update(`${owner}/${repo}\0${parent ?? ''}\0${author}\0${message}`)
    .digest('hex');
}

export const repoKey = (owner: string, repo: string): string => `${owner}/${repo}`.toLowerCase();

/** Resolves a branch, tag, "heads/x", "tags/x", "refs/...", a full sha or a unique prefix of 7+ characters. */
export function resolveRef(repo: RepoState, ref: string): string | undefined {
  const name = ref.replace(/^refs\//, '');
  const branch = repo.branches.get(name.replace(/^heads\//, ''));
  if (branch && !name.startsWith('tags/')) return branch;
  const tag = repo.tags.get(name.replace(/^tags\//, ''));
  if (tag && !name.startsWith('heads/')) return tag;
  const lower = ref.toLowerCase();
  if (/^[0-9a-f]{40}$/.test(lower)) return repo.commits.has(lower) ? lower : undefined;
  if (/^[0-9a-f]{7,39}$/.test(lower)) {
    const matches = [...repo.commits.keys()].filter((sha) => sha.startsWith(lower));
    return matches.length === 1 ? matches[0] : undefined;
  }
  return undefined;
}

/** The commit and its ancestors along first parents, newest first. */
export function history(repo: RepoState, sha: string): CommitState[] {
  const out: CommitState[] = [];
  let current = repo.commits.get(sha);
  while (current) {
    out.push(current);
    const parent = current.parents[0];
    current = parent ? repo.commits.get(parent) : undefined;
  }
  return out;
}
