import { commitSha, type CheckRunState, type CommitState, type CommitStatusState, type RepoState } from './model.js';
import type { GitHubRepoSeed, GitHubUser } from './seeds.js';

/** Builds a repository's state from its seed. Ids come from a shared counter so they are unique per stand-in. */

export class Ids {
  private n: number;
  constructor(start = 1_000_000) {
    this.n = start;
  }
  next(): number {
    this.n += 1;
    return this.n;
  }
}

export class Users {
  private readonly byLogin = new Map<string, GitHubUser>();
  private nextId = 5_000_000;

  add(user: GitHubUser): void {
    this.byLogin.set(user.login.toLowerCase(), user);
  }

  /** A known user, or one made up from the login. */
  get(login: string): GitHubUser {
    const known = this.byLogin.get(login.toLowerCase());
    if (known) return known;
    this.nextId += 1;
    const user: GitHubUser = {
      login,
      id: this.nextId,
      name: login,
      email: `${login}@users.noreply.github.com`,
      type: login.endsWith('[bot]') ? 'Bot' : 'User',
    };
    this.add(user);
    return user;
  }
}

const toIso = (d: string | Date): string => (typeof d === 'string' ? new Date(d) : d).toISOString();

export function repoFromSeed(seed: GitHubRepoSeed, users: Users, ids: Ids): RepoState {
  const owner = users.get(seed.owner);
  const repo: RepoState = {
    id: ids.next(),
    owner: owner.type ? owner : { ...owner, type: 'User' },
    name: seed.name,
    description: seed.description ?? '',
    defaultBranch: seed.defaultBranch ?? 'main',
    private: seed.private ?? true,
    createdAt: toIso(seed.commits[0]?.date ?? new Date()),
    commits: new Map(),
    branches: new Map(),
    tags: new Map(),
    statuses: new Map(),
    checkRuns: new Map(),
    deployments: [],
    workflows: (
      seed.workflows ?? [
        { name: 'CI', path: '.github/workflows/ci.yml' },
        { name: 'Deploy', path: '.github/workflows/deploy.yml' },
      ]
    ).map((w) => ({ id: ids.next(), ...w })),
    runs: [],
    issues: [],
    nextIssueNumber: seed.nextIssueNumber ?? 1,
  };
  const ordered: string[] = [];
  let mainHead: string | null = null;
  const sideHeads = new Map<string, string>();
  for (const c of seed.commits) {
    const parent = c.branch ? (sideHeads.get(c.branch) ?? mainHead) : mainHead;
    const sha: string = c.sha ?? commitSha(seed.owner, seed.name, parent, c.message, c.author);
    const date = toIso(c.date);
    const commit: CommitState = {
      sha,
      parents: parent ? [parent] : [],
      message: c.message,
      author: users.get(c.author),
      date,
      files: c.files,
      treeSha: commitSha(seed.owner, seed.name, sha, 'tree', ''),
    };
    repo.commits.set(sha, commit);
    ordered.push(sha);
    const ci = users.get('cloudbuild[bot]');
    const statuses: CommitStatusState[] = (c.statuses ?? [{ context: 'ci/cloudbuild', state: 'success' as const }]).map(
      (s) => ({
        id: ids.next(),
        state: s.state,
        context: s.context,
        description:
          s.description ??
          (s.state === 'success' ? 'Build successful' : s.state === 'pending' ? 'Build in progress' : 'Build failed'),
        targetUrl: `https://console.cloud.google.com/cloud-build/builds/${sha.slice(0, 8)}`,
        createdAt: date,
        creator: ci,
      }),
    );
    repo.statuses.set(sha, statuses);
    const checks: CheckRunState[] = (c.checks ?? [{ name: 'build' }, { name: 'test' }]).map((k) => {
      const status = k.status ?? 'completed';
      return {
        id: ids.next(),
        name: k.name,
        headSha: sha,
        status,
        conclusion: status === 'completed' ? (k.conclusion ?? 'success') : null,
        startedAt: date,
        completedAt: status === 'completed' ? new Date(Date.parse(date) + 4 * 60_000).toISOString() : null,
      };
    });
    repo.checkRuns.set(sha, checks);
    if (c.branch) sideHeads.set(c.branch, sha);
    else mainHead = sha;
  }
  const at = (v: number | string): string => {
    const sha = typeof v === 'number' ? ordered[v] : v;
    if (!sha || !repo.commits.has(sha)) throw new Error(`seed ${seed.owner}/${seed.name}: no commit ${String(v)}`);
    return sha;
  };
  if (mainHead) repo.branches.set(repo.defaultBranch, mainHead);
  for (const [name, sha] of sideHeads) repo.branches.set(name, sha);
  for (const [name, v] of Object.entries(seed.branches ?? {})) repo.branches.set(name, at(v));
  for (const [name, v] of Object.entries(seed.tags ?? {})) repo.tags.set(name, at(v));
  return repo;
}
