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

export interface DeploymentInput {
  sha: string;
  environment: string;
  description: string;
  /** The bot's deploy ID, kept in the record's payload (`chatopsDeployId`) to find it again. */
  deployId: string;
}

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
  /**
   * A GitHub Deployment record, so deploys show in GitHub's environments view, marked with the bot's deploy ID.
   * Returns its ID. After an unclear failure (timeout, 5xx, connection lost) GitHub may have created it: the one
   * already there is reused, never a second created; only a clear refusal is final.
   */
  createDeployment(repo: RepoRef, input: DeploymentInput): Promise<number>;
  /** The GitHub Deployment marked with this deploy ID (on that sha and environment), if there is one. */
  findDeployment(
    repo: RepoRef,
    input: Pick<DeploymentInput, 'sha' | 'environment' | 'deployId'>,
  ): Promise<number | null>;
  setDeploymentStatus(
    repo: RepoRef,
    id: number,
    state: DeploymentState,
    input: { description: string; logUrl?: string; environmentUrl?: string },
  ): Promise<void>;
  dispatchWorkflow(repo: RepoRef, workflow: string, ref: string, inputs: Record<string, string>): Promise<void>;
  /** The newest run of the workflow on that branch or sha created at or after `since`. */
  findWorkflowRun(repo: RepoRef, workflow: string, since: Date): Promise<WorkflowRun | null>;
  getWorkflowRun(repo: RepoRef, id: number): Promise<WorkflowRun>;
  /** Opens an issue (a postmortem draft). Not idempotent: callers claim the work first. */
  createIssue(repo: RepoRef, input: IssueInput): Promise<Issue>;
}
