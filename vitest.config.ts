import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/loopback-only.ts'],
    pool: 'forks',
    // Most test time is waiting (bakes, stand-in faults, timeouts), not CPU: vitest's default on a 2-core machine is
    // one worker, which ran the suite serially (9 min); two take half the time at about two cores of load.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { METADATA_SERVER_DETECTION: 'none', NODE_NO_WARNINGS: '1' },
  },
});
