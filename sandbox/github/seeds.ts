/** What the GitHub stand-in is seeded with: repositories, their commits, CI results and users. */

export interface GitHubUser {
  login: string;
  id: number;
  name: string;
  email: string;
  type?: 'User' | 'Bot';
}

export interface FileChange {
  filename: string;
  status?: 'added' | 'modified' | 'removed' | 'renamed';
  additions: number;
  deletions: number;
}

export type CheckConclusion =
  | 'success'
  | 'failure'
  | 'neutral'
  | 'cancelled'
  | 'skipped'
  | 'timed_out'
  | 'action_required';
export type StatusState = 'success' | 'pending' | 'failure' | 'error';

export interface GitHubCommitSeed {
  /** Given, or derived from the repository, parent, message and author (deterministic). */
  sha?: string;
  /** The full message; its first line is the title. */
  message: string;
  author: string;
  date: string | Date;
  files: FileChange[];
  /** Commit statuses (the "combined status" API); default: ci/cloudbuild success. */
  statuses?: Array<{ context: string; state: StatusState; description?: string }>;
  /** Check runs; default: build and test, completed successfully. */
  checks?: Array<{
    name: string;
    status?: 'queued' | 'in_progress' | 'completed';
    conclusion?: CheckConclusion | null;
  }>;
  /**
   * A commit on this branch instead of the default one: its parent is the last commit before it that is on the
   * default branch (or the branch's previous commit), and the default branch does not move.
   */
  branch?: string;
}

export interface GitHubRepoSeed {
  owner: string;
  name: string;
  description?: string;
  defaultBranch?: string;
  private?: boolean;
  /** Oldest first; each commit's parent is the one before it (see `branch`). The last on the default branch is its head. */
  commits: GitHubCommitSeed[];
  /** Tag name → commit index (in `commits`) or sha. */
  tags?: Record<string, number | string>;
  /** Extra branches: name → commit index or sha. */
  branches?: Record<string, number | string>;
  workflows?: Array<{ name: string; path: string }>;
  /** The next issue number (default 1). */
  nextIssueNumber?: number;
  /** Names and ids for the commit authors' logins (unknown logins get made-up ones). */
  users?: GitHubUser[];
}
