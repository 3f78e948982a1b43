import type { DemoCommit } from './demo-history.js';

/** The one commit of api's branch `demo-slow-canary` (demo-canaries.ts): slower, healthy. */
export const DEMO_SLOW_COMMIT: DemoCommit = [
  'feat(orders): validate addresses against the postal service',
  'sofia-ramirez',
  15,
  [
    ['src/orders/address.ts', 58, 4],
    ['src/orders/checkout.ts', 9, 2],
  ],
];
