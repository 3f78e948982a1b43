import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    setupFiles: ['test/support/loopback-only.ts'],
    // Most test time is waiting (bakes, stand-in faults, timeouts), not CPU: vitest's default on a 2-core machine is
    // one worker, which ran the suite serially (9 min); two take half the time at about two cores of load.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    env: { METADATA_SERVER_DETECTION: 'none', NODE_NO_WARNINGS: '1' },
    // `vitest run` (npm test) runs both tiers; `npm run test:unit` the first alone (README "Tests").
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // No process, port or timer of their own, so one module graph per worker serves every file: a third of
          // the CPU of a fresh forked process per file (imports dominate these tests).
          pool: 'threads',
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/unit/**'],
          pool: 'forks',
        },
      },
    ],
  },
});
