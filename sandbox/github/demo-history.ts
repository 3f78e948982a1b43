/**
 * The demo repositories' history, oldest commit first: message, author, minutes before now, and the files it
 * changed (name, additions, deletions). demo-github.ts turns it into the GitHub stand-in's seed.
 */

export const DEMO_REPOS = ['api', 'web', 'worker'] as const;
export type DemoRepo = (typeof DEMO_REPOS)[number];

export type DemoCommit = [
  message: string,
  author: string,
  minutesAgo: number,
  files: Array<[name: string, additions: number, deletions: number]>,
];

export const DEMO_HISTORY: Record<DemoRepo, DemoCommit[]> = {
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

/** The one commit of api's branch DEMO_FAILING_BRANCH (demo-github.ts). */
export const DEMO_FAILING_COMMIT: DemoCommit = [
  'perf(db): open a connection pool per request',
  'tbaker',
  20,
  [
    ['src/db/pool.ts', 41, 9],
    ['src/orders/repository.ts', 6, 3],
  ],
];
