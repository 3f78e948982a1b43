import { commitSha, type GitHubCommitSeed, type GitHubRepoSeed, type GitHubUser } from './github/model.js';

/**
 * Demo data for the GitHub stand-in: organisation `acme`, repositories `api`, `web` and `worker`, each on
 * `main` with ten commits. The shas are derived from the content (not the clock), so they are the same on
 * every run; dates are relative to `now`. The Cloud Run demo (demo-cloud.ts) runs images built from these commits.
 */

export const DEMO_OWNER = 'acme';
export const DEMO_REPOS = ['api', 'web', 'worker'] as const;
export type DemoRepo = (typeof DEMO_REPOS)[number];

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

type C = [
  message: string,
  author: string,
  minutesAgo: number,
  files: Array<[name: string, additions: number, deletions: number]>,
];

const HISTORY: Record<DemoRepo, C[]> = {
  api: [
    [
      'chore: bootstrap orders service',
      'mara-k',
      12 * 24 * 60,
      [
        ['src/server.ts', 88, 0],
        ['package.json', 34, 0],
        ['Dockerfile', 21, 0],
      ],
    ],
    [
      'feat(orders): add order history endpoint',
      'cokafor',
      9 * 24 * 60,
      [
        ['src/orders/history.ts', 112, 0],
        ['src/orders/routes.ts', 9, 1],
      ],
    ],
    ['fix(auth): refresh tokens before they expire', 'weilin', 7 * 24 * 60, [['src/auth/session.ts', 23, 8]]],
    [
      'feat(db): add index on orders.status',
      'mara-k',
      5 * 24 * 60,
      [
        ['migrations/0007_orders_status_index.sql', 6, 0],
        ['src/orders/repository.ts', 4, 2],
      ],
    ],
    [
      'perf(catalog): cache product lookups for 60s',
      'sofia-ramirez',
      4 * 24 * 60,
      [
        ['src/catalog/cache.ts', 57, 0],
        ['src/catalog/service.ts', 12, 5],
      ],
    ],
    [
      'fix(checkout): handle empty cart',
      'tbaker',
      3 * 24 * 60,
      [
        ['src/checkout/cart.ts', 14, 3],
        ['test/checkout/cart.test.ts', 31, 0],
      ],
    ],
    [
      'feat(payments): support SEPA direct debit',
      'cokafor',
      2 * 24 * 60,
      [
        ['src/payments/sepa.ts', 143, 0],
        ['src/payments/index.ts', 6, 1],
      ],
    ],
    [
      'chore(deps): bump express from 4.19.2 to 4.21.1',
      'dependabot[bot]',
      30 * 60,
      [
        ['package.json', 1, 1],
        ['package-lock.json', 18, 18],
      ],
    ],
    ['fix(payments): retry idempotent charges on 502', 'weilin', 5 * 60, [['src/payments/client.ts', 27, 6]]],
    [
      'feat(checkout): show delivery estimate',
      'sofia-ramirez',
      35,
      [
        ['src/checkout/estimate.ts', 64, 0],
        ['src/checkout/routes.ts', 7, 2],
      ],
    ],
  ],
  web: [
    [
      'chore: scaffold storefront',
      'tbaker',
      14 * 24 * 60,
      [
        ['app/layout.tsx', 41, 0],
        ['package.json', 29, 0],
      ],
    ],
    ['feat(cart): persist cart in localStorage', 'sofia-ramirez', 11 * 24 * 60, [['app/cart/store.ts', 58, 4]]],
    ['fix(a11y): label the search input', 'weilin', 9 * 24 * 60, [['app/components/Search.tsx', 3, 1]]],
    ['feat(product): image gallery with zoom', 'tbaker', 6 * 24 * 60, [['app/product/Gallery.tsx', 121, 0]]],
    ['fix(checkout): handle empty cart', 'sofia-ramirez', 3 * 24 * 60, [['app/checkout/page.tsx', 11, 2]]],
    [
      'chore(deps): bump next from 14.2.3 to 14.2.15',
      'dependabot[bot]',
      2 * 24 * 60,
      [
        ['package.json', 1, 1],
        ['package-lock.json', 40, 38],
      ],
    ],
    ['feat(i18n): add German translations', 'mara-k', 30 * 60, [['locales/de.json', 214, 0]]],
    ['fix(i18n): fall back to English for missing keys', 'mara-k', 26 * 60, [['app/i18n.ts', 9, 3]]],
    ['perf: lazy-load the review widget', 'weilin', 20 * 60, [['app/product/Reviews.tsx', 12, 7]]],
    ['feat(checkout): show delivery estimate', 'cokafor', 3 * 60, [['app/checkout/Estimate.tsx', 48, 0]]],
  ],
  worker: [
    [
      'chore: bootstrap job runner',
      'cokafor',
      20 * 24 * 60,
      [
        ['src/main.ts', 61, 0],
        ['Dockerfile', 18, 0],
      ],
    ],
    ['feat(jobs): nightly invoice export', 'mara-k', 15 * 24 * 60, [['src/jobs/invoices.ts', 96, 0]]],
    [
      'feat(db): add jobs.attempts column',
      'cokafor',
      10 * 24 * 60,
      [
        ['migrations/0003_jobs_attempts.sql', 4, 0],
        ['src/jobs/queue.ts', 15, 3],
      ],
    ],
    ['fix(jobs): back off exponentially on failures', 'weilin', 8 * 24 * 60, [['src/jobs/queue.ts', 19, 7]]],
    ['feat(email): send shipping notifications', 'sofia-ramirez', 6 * 24 * 60, [['src/jobs/shipping-email.ts', 77, 0]]],
    [
      'chore(deps): bump @google-cloud/pubsub from 4.3.3 to 4.7.2',
      'dependabot[bot]',
      4 * 24 * 60,
      [
        ['package.json', 1, 1],
        ['package-lock.json', 22, 20],
      ],
    ],
    ['fix(email): escape customer names in templates', 'tbaker', 3 * 24 * 60, [['src/jobs/shipping-email.ts', 5, 2]]],
    [
      'perf(invoices): stream the export instead of buffering',
      'mara-k',
      2 * 24 * 60,
      [['src/jobs/invoices.ts', 33, 21]],
    ],
    ['fix(jobs): release leases on shutdown', 'weilin', 26 * 60, [['src/main.ts', 12, 1]]],
    [
      'feat(jobs): switch queue consumer to Pub/Sub pull',
      'cokafor',
      50,
      [
        ['src/jobs/queue.ts', 84, 61],
        ['src/main.ts', 6, 2],
      ],
    ],
  ],
};

/**
 * A branch of api with one commit whose revision passes its first health check and then fails under traffic
 * (demo-cloud.ts): `/deploy api staging demo-failing-canary` shows a canary failing and the automatic rollback.
 */
export const DEMO_FAILING_BRANCH = 'demo-failing-canary';
const FAILING_COMMIT: C = [
  'perf(db): open a connection pool per request',
  'tbaker',
  20,
  [
    ['src/db/pool.ts', 41, 9],
    ['src/orders/repository.ts', 6, 3],
  ],
];

/** The sha of the commit on DEMO_FAILING_BRANCH (its parent is api's `main`). */
export function demoFailingCommitSha(): string {
  return commitSha(DEMO_OWNER, 'api', demoCommitShas('api').at(-1) ?? null, FAILING_COMMIT[0], FAILING_COMMIT[1]);
}

/** The shas of a demo repository's commits, oldest first (the last one is `main`). Independent of the clock. */
export function demoCommitShas(repo: DemoRepo): string[] {
  const shas: string[] = [];
  let parent: string | null = null;
  for (const [message, author] of HISTORY[repo]) {
    parent = commitSha(DEMO_OWNER, repo, parent, message, author);
    shas.push(parent);
  }
  return shas;
}

/** How many minutes before `now` the demo dates a commit (index oldest first). */
export function demoCommitAgeMinutes(repo: DemoRepo, index: number): number {
  const entry = HISTORY[repo][index];
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
    const commits: GitHubCommitSeed[] = HISTORY[repo].map(([message, author, minutesAgo, files], i) => ({
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
      const [message, author, minutesAgo, files] = FAILING_COMMIT;
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

/** The demo repositories, dated relative to when this module loaded. */
export const DEMO_REPOSITORIES: GitHubRepoSeed[] = demoGitHubRepos();
