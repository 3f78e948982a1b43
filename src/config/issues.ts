import type { z } from 'zod';
import { clip } from '../domain/format.js';

/** Thrown for a bad config file or environment; main prints `message` and exits non-zero, no stack trace. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** "services.api.environments.prod.minApprovals: expected a number ≥ 1" — the key path first, then what is wrong. */
/** Values are shown for the config file; never for the environment, where they may be secrets. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], options: { showValues: boolean }): string[] {
  // zod adds its own safe-integer bound beside ours for a huge integer; ours says it better.
  const samePath = (a: z.core.$ZodIssue, b: z.core.$ZodIssue): boolean =>
    a !== b && a.path.join('.') === b.path.join('.');
  const shown = issues.filter(
    (issue) =>
      !(
        (issue.code === 'too_big' || issue.code === 'too_small') &&
        issue.origin === 'int' &&
        issues.some((other) => samePath(issue, other))
      ),
  );
  return shown.map((issue) => {
    const path = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => [...path, key].join('.'));
      return `${keys.join(', ')}: unknown key (check the spelling; see chatops.example.yml)`;
    }
    return `${path.join('.') || '(root)'}: ${explain(issue, options.showValues)}`;
  });
}

function explain(issue: z.core.$ZodIssue, showValues: boolean): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'number') return `expected a number ${issue.inclusive ? '≥' : '>'} ${String(issue.minimum)}`;
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === 'string')
        return Number(issue.minimum) === 1
          ? 'must not be empty'
          : `expected at least ${String(issue.minimum)} characters`;
      return issue.message;
    case 'too_big':
      if (issue.origin === 'number') return `expected a number ${issue.inclusive ? '≤' : '<'} ${String(issue.maximum)}`;
      if (issue.origin === 'array') return `expected at most ${String(issue.maximum)} item(s)`;
      if (issue.origin === 'string') return `expected at most ${String(issue.maximum)} characters`;
      return issue.message;
    case 'invalid_type':
      if (issue.input === undefined) return `required (expected ${article(issue.expected)})`;
      if (typeof issue.input === 'number' && Number.isNaN(issue.input)) return `expected ${article(issue.expected)}`;
      return showValues
        ? `expected ${article(issue.expected)}, got ${describe(issue.input)}`
        : `expected ${article(issue.expected)}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message;
  }
}

const article = (type: string): string =>
  type === 'int' ? 'an integer' : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return `"${clip(value)}"`;
  return typeof value === 'object' ? 'a map' : `${typeof value} ${String(value)}`;
}
