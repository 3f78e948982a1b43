import { createHash } from 'node:crypto';
import { PortError } from '../../../src/domain/errors.js';
import type {
  CheckSummary,
  Commit,
  Comparison,
  DeploymentInput,
  DeploymentState,
  Issue,
  IssueInput,
  RepoRef,
  SourceControl,
  WorkflowRun,
} from '../../../src/ports/source-control.js';
import { CallLog } from './faults.js';

export interface FakeCommitInput {
  title: string;
  author?: string;
  files?: string[];
  /** Branches and tags that point at it once added; default: main. */
  refs?: string[];
  /** The parent's sha; default: the commit `refs[0]` pointed at before, if any. */
  parent?: string;
  checks?: CheckSummary;
}

interface StoredCommit extends Commit {
  repo: string;
  parent?: string;
  files: string[];
}

type Method = keyof SourceControl;
const BACKEND = 'GitHub';
const key = (repo: RepoRef): string => `${repo.owner}/${repo.repo}`;
const PASSING: CheckSummary = { state: 'success', contexts: [{ name: 'ci/build', state: 'success' }] };

/** GitHub in memory: linear histories, refs, checks, GitHub Deployments, workflow runs and issues. */
export class FakeSourceControl implements SourceControl {
  readonly log = new CallLog<Method>(BACKEND);
  readonly deployments: (DeploymentInput & { repo: string; id: number; statuses: DeploymentState[] })[] = [];
  readonly dispatched: { repo: string; workflow: string; ref: string; inputs: Record<string, string> }[] = [];
  readonly runs = new Map<number, WorkflowRun & { repo: string; workflow: string }>();
  readonly issues: (IssueInput & { repo: string; number: number })[] = [];
  private readonly commits = new Map<string, StoredCommit>();
  private readonly refs = new Map<string, string>();
  private readonly checks = new Map<string, CheckSummary>();
  private sequence = 0;

  /** `now`: the context's clock, for the times GitHub stamps (a workflow run's creation). */
  constructor(private readonly now: () => Date = () => new Date(0)) {}

  /** Adds a commit on top of its first ref (or `parent`), moves its refs to it, and returns it. */
  addCommit(repo: RepoRef, input: FakeCommitInput): Commit {
    this.sequence += 1;
    const refs = input.refs ?? ['main'];
    const parent = input.parent ?? (refs[0] ? this.refs.get(`${key(repo)}@${refs[0]}`) : undefined);
    const sha = createHash('sha1')
      .update(`${key(repo)}:${this.sequence}:${input.title}`)
      .digest('hex');
    const commit: StoredCommit = {
      sha,
      title: input.title,
      author: input.author ?? 'dana',
      url: `https://github.com/${key(repo)}/commit/${sha}`,
      date: new Date(Date.UTC(2026, 0, 1, 0, this.sequence)),
      repo: key(repo),
      parent,
      files: input.files ?? [],
    };
    this.commits.set(sha, commit);
    for (const ref of refs) this.refs.set(`${key(repo)}@${ref}`, sha);
    this.setChecks(sha, input.checks ?? PASSING);
    return this.publicCommit(commit);
  }

  setChecks(sha: string, checks: CheckSummary): void {
    this.checks.set(sha, checks);
  }

  async getCommit(repo: RepoRef, ref: string): Promise<Commit> {
    this.log.enter('getCommit', repo, ref);
    return this.publicCommit(this.resolve(repo, ref));
  }

  async compare(repo: RepoRef, base: string, head: string): Promise<Comparison> {
    this.log.enter('compare', repo, base, head);
    const from = this.resolve(repo, base).sha;
    const ahead: StoredCommit[] = [];
    for (let c: StoredCommit | undefined = this.resolve(repo, head); c && c.sha !== from; )
      ahead.push(c), (c = c.parent ? this.commits.get(c.parent) : undefined);
    return {
      aheadBy: ahead.length,
      commits: ahead.map(({ sha, title, author }) => ({ sha, title, author })),
      files: [...new Set(ahead.flatMap((c) => c.files))],
      url: `https://github.com/${key(repo)}/compare/${from.slice(0, 7)}...${head}`,
    };
  }

  async getChecks(repo: RepoRef, sha: string): Promise<CheckSummary> {
    this.log.enter('getChecks', repo, sha);
    return this.checks.get(sha) ?? { state: 'pending', contexts: [] };
  }

  async createDeployment(repo: RepoRef, input: DeploymentInput): Promise<number> {
    this.log.enter('createDeployment', repo, input);
    const found = this.deployments.find((d) => d.repo === key(repo) && d.deployId === input.deployId);
    if (found) return found.id;
    const id = 1000 + this.deployments.length;
    this.deployments.push({ ...input, repo: key(repo), id, statuses: [] });
    return id;
  }

  async findDeployment(repo: RepoRef, input: Pick<DeploymentInput, 'sha' | 'environment' | 'deployId'>) {
    this.log.enter('findDeployment', repo, input);
    return this.deployments.find((d) => d.repo === key(repo) && d.deployId === input.deployId)?.id ?? null;
  }

  async setDeploymentStatus(repo: RepoRef, id: number, state: DeploymentState): Promise<void> {
    this.log.enter('setDeploymentStatus', repo, id, state);
    this.deployments.find((d) => d.id === id)?.statuses.push(state);
  }

  async dispatchWorkflow(repo: RepoRef, workflow: string, ref: string, inputs: Record<string, string>) {
    this.log.enter('dispatchWorkflow', repo, workflow, ref, inputs);
    this.dispatched.push({ repo: key(repo), workflow, ref, inputs });
    const id = 5000 + this.runs.size;
    const url = `https://github.com/${key(repo)}/actions/runs/${id}`;
    this.runs.set(id, {
      id,
      status: 'queued',
      conclusion: null,
      url,
      createdAt: this.now(),
      repo: key(repo),
      workflow,
    });
  }

  async findWorkflowRun(repo: RepoRef, workflow: string, since: Date): Promise<WorkflowRun | null> {
    this.log.enter('findWorkflowRun', repo, workflow, since);
    const runs = [...this.runs.values()].filter((r) => r.repo === key(repo) && r.workflow === workflow);
    return runs.at(-1) ?? null;
  }

  async getWorkflowRun(repo: RepoRef, id: number): Promise<WorkflowRun> {
    this.log.enter('getWorkflowRun', repo, id);
    const run = this.runs.get(id);
    if (!run) throw new PortError('not_found', `workflow run ${id} not found`, BACKEND);
    return run;
  }

  async createIssue(repo: RepoRef, input: IssueInput): Promise<Issue> {
    this.log.enter('createIssue', repo, input);
    const number = this.issues.length + 1;
    this.issues.push({ ...input, repo: key(repo), number });
    return { number, url: `https://github.com/${key(repo)}/issues/${number}` };
  }

  private resolve(repo: RepoRef, ref: string): StoredCommit {
    const sha = this.refs.get(`${key(repo)}@${ref}`);
    const found =
      (sha && this.commits.get(sha)) ??
      (ref.length >= 7
        ? [...this.commits.values()].find((c) => c.repo === key(repo) && c.sha.startsWith(ref))
        : undefined);
    if (!found) throw new PortError('not_found', `${key(repo)}: no commit for ${ref}`, BACKEND);
    return found;
  }

  private publicCommit({ sha, title, author, url, date }: StoredCommit): Commit {
    return { sha, title, author, url, date };
  }
}
