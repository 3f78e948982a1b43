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

export interface SourceControl {
  /** Resolves a branch, tag or SHA to its commit. */
  getCommit(repo: RepoRef, ref: string): Promise<Commit>;
}
