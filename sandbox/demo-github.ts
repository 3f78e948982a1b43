import {
  DEMO_FAILING_COMMIT,
  DEMO_HISTORY,
  DEMO_REPOS,
  type DemoCommit,
  type DemoRepo,
} from './github/demo-history.js';
import { DEMO_SLOW_COMMIT } from './github/demo-canary-commits.js';
import { commitSha } from './github/model.js';
import type { GitHubCommitSeed, GitHubRepoSeed, GitHubUser } from './github/seeds.js';

/**
 * Demo data for the GitHub stand-in: organisation `acme`, repositories `api`, `web` and `worker`, each on
 * `main` with ten commits. The shas are derived from the content (not the clock), so they are the same on
 * every run; dates are relative to `now`. The Cloud Run demo (demo-cloud.ts) runs images built from these commits.
 */

export const DEMO_OWNER = 'acme';
export { DEMO_REPOS, type DemoRepo };

export const DEMO_USERS: GitHubUser[] = [
  { login: 'mara-k', id: 4100231, name: 'Mara Kowalski', email: 'mara@acme.dev' },
  { login: 'cokafor', id: 4100288, name: 'Chidi Okafor', email: 'chidi@acme.dev' },
  { login: 'weilin', id: 4100302, name: 'Wei Lin', email: 'wei@acme.dev' },
  { login: 'sofia-ramirez', id: 4100377, name: 'Sofía Ramírez', email: 'sofia@acme.dev' },
  { login: 'tbaker', id: 4100419, name: 'Tom Baker', email: 'tom@acme.dev' },
  {
    login: 'dependabot[bot]',
    id: 49699333,
    name: 'dependabot[bot]',
    email: '49699333+dependabot[bot]@users.noreply.github.com',
    type: 'Bot',
  },
];

/**
 * A branch of api with one commit whose revision passes its first health check and then fails under traffic
 * (demo-cloud.ts): `/deploy api staging demo-failing-canary` shows a canary failing and the automatic rollback.
 */
export const DEMO_FAILING_BRANCH = 'demo-failing-canary';
/** The sha of the commit on DEMO_FAILING_BRANCH (its parent is api's `main`). */
export function demoFailingCommitSha(): string {
  return commitSha(
    DEMO_OWNER,
    'api',
    demoCommitShas('api').at(-1) ?? null,
    DEMO_FAILING_COMMIT[0],
    DEMO_FAILING_COMMIT[1],
  );
}

/** The shas of a demo repository's commits, oldest first (the last one is `main`). Independent of the clock. */
export function demoCommitShas(repo: DemoRepo): string[] {
  const shas: string[] = [];
  let parent: string | null = null;
  for (const [message, author] of DEMO_HISTORY[repo]) {
    parent = commitSha(DEMO_OWNER, repo, parent, message, author);
    shas.push(parent);
  }
  return shas;
}

/** How many minutes before `now` the demo dates a commit (index oldest first). */
export function demoCommitAgeMinutes(repo: DemoRepo, index: number): number {
  const entry = DEMO_HISTORY[repo][index];
  if (!entry) throw new Error(`no demo commit ${index} in ${repo}`);
  return entry[2];
}

export function demoGitHubRepos(now: Date = new Date()): GitHubRepoSeed[] {
  const descriptions: Record<DemoRepo, string> = {
    api: 'Orders, checkout and payments API',
    web: 'Storefront (Next.js)',
    worker: 'Background jobs: invoices, emails, queues',
  };
  return DEMO_REPOS.map((repo) => {
    const commits: GitHubCommitSeed[] = DEMO_HISTORY[repo].map(([message, author, minutesAgo, files], i) => ({
      message,
      author,
      date: new Date(now.getTime() - minutesAgo * 60_000),
      files: files.map(([filename, additions, deletions]) => ({
        filename,
        additions,
        deletions,
        status: deletions === 0 ? 'added' : 'modified',
      })),
      // web's gallery commit broke a test, fixed by the next one.
      ...(repo === 'web' && i === 3
        ? { checks: [{ name: 'build' }, { name: 'test', conclusion: 'failure' as const }] }
        : {}),
      // The newest web commit is still being built.
      ...(repo === 'web' && i === 9
        ? {
            statuses: [{ context: 'ci/cloudbuild', state: 'pending' as const }],
            checks: [{ name: 'build' }, { name: 'test', status: 'in_progress' as const }],
          }
        : {}),
    }));
    if (repo === 'api') {
      const [message, author, minutesAgo, files] = DEMO_FAILING_COMMIT;
      commits.push({
        message,
        author,
        date: new Date(now.getTime() - minutesAgo * 60_000),
        files: files.map(([filename, additions, deletions]) => ({
          filename,
          additions,
          deletions,
          status: 'modified',
        })),
        branch: DEMO_FAILING_BRANCH,
      });
      commits.push(branchCommit(DEMO_SLOW_COMMIT, 'demo-slow-canary', now));
    }
    const tags: Record<string, number> =
      repo === 'api' ? { 'v1.4.0': 6, 'v1.4.1': 8 } : repo === 'worker' ? { 'v2.0.0': 7 } : {};
    return {
      owner: DEMO_OWNER,
      name: repo,
      description: descriptions[repo],
      defaultBranch: 'main',
      private: true,
      commits,
      tags,
      nextIssueNumber: 40 + repo.length,
      users: DEMO_USERS,
    };
  });
}

/** A commit of its own branch, on top of main (the canary demos, demo-canaries.ts). */
function branchCommit([message, author, minutesAgo, files]: DemoCommit, branch: string, now: Date): GitHubCommitSeed {
  const date = new Date(now.getTime() - minutesAgo * 60_000);
  const changed = files.map(([filename, additions, deletions]) => ({
    filename,
    additions,
    deletions,
    status: 'modified' as const,
  }));
  return { message, author, date, files: changed, branch };
}

/** The demo repositories, dated relative to when this module loaded. */
export const DEMO_REPOSITORIES: GitHubRepoSeed[] = demoGitHubRepos();
