export interface RepoRef {
  owner: string;
  repo: string;
}

export interface Commit {
  sha: string;
  /** The first line of the commit message. */
  title: string;
  author: string;
  url: string;
  date: Date;
}

export interface Comparison {
  /** Commits in head that base lacks. */
  aheadBy: number;
  commits: Pick<Commit, 'sha' | 'title' | 'author'>[];
  /** Paths of the files the range touches. */
  files: string[];
  url: string;
}

export type CheckState = 'success' | 'pending' | 'failure';

export interface CheckSummary {
  /** Combined over commit statuses and check runs. */
  state: CheckState;
  contexts: { name: string; state: CheckState }[];
}

export type DeploymentState = 'in_progress' | 'success' | 'failure' | 'inactive';

export interface WorkflowRun {
  id: number;
  status: 'queued' | 'in_progress' | 'completed';
  /** success, failure, cancelled… once completed. */
  conclusion: string | null;
  url: string;
  createdAt: Date;
}

export interface IssueInput {
  title: string;
  /** GitHub-flavoured Markdown. */
  body: string;
  labels?: string[];
}

export interface Issue {
  number: number;
  url: string;
}

export interface SourceControl {
  /** Resolves a branch, tag or SHA to its commit. */
  getCommit(repo: RepoRef, ref: string): Promise<Commit>;
  compare(repo: RepoRef, base: string, head: string): Promise<Comparison>;
  getChecks(repo: RepoRef, sha: string): Promise<CheckSummary>;
  /** A GitHub Deployment record, so deploys show in GitHub's environments view. Returns its ID. */
  createDeployment(repo: RepoRef, input: { sha: string; environment: string; description: string }): Promise<number>;
  setDeploymentStatus(repo: RepoRef, id: number, state: DeploymentState, input: { description: string; logUrl?: string; environmentUrl?: string }): Promise<void>;
  dispatchWorkflow(repo: RepoRef, workflow: string, ref: string, inputs: Record<string, string>): Promise<void>;
  /** The newest run of the workflow on that branch or sha created at or after `since`. */
  findWorkflowRun(repo: RepoRef, workflow: string, since: Date): Promise<WorkflowRun | null>;
  getWorkflowRun(repo: RepoRef, id: number): Promise<WorkflowRun>;
  /** Opens an issue (a postmortem draft). Not idempotent: callers claim the work first. */
  createIssue(repo: RepoRef, input: IssueInput): Promise<Issue>;
}
