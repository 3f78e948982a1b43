import { ConfigError } from '../../src/config/issues.js';

/** The problems a config or environment load reports; fails when it loads fine. */
export function problemsOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}
