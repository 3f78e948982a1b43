import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch } from '../../src/workflows/deploy/glob-match.js';
import { assessRisk, RISK_CHECK_LIMITS } from '../../src/workflows/deploy/risk.js';

const DEFAULTS = { migrations: ['migrations/**', '**/*.sql'], infra: ['terraform/**', 'infra/**', 'Dockerfile'] };
const risk = (files: string[], riskPaths = DEFAULTS) =>
  assessRisk({ environment: 'staging', files, aheadBy: 1, recentFailures: 0, riskPaths });

/** The regular expression riskPaths were matched with before (it backtracks on long paths): the reference for short ones. */
function regexMatch(glob: string, path: string): boolean {
  const pattern = glob
    .split('**')
    .map((part) => part.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replaceAll('*', '[^/]*'))
    .join('.*')
    .replace(/\.\*\//g, '(?:.*/)?');
  return new RegExp(`^${pattern}$`).test(path);
}

describe('deploy.riskPaths globs', () => {
  it.each([
    ['migrations/**', 'migrations/001_init.sql', true],
    ['migrations/**', 'db/migrations/001.sql', false],
    ['**/*.sql', 'schema.sql', true],
    ['**/*.sql', 'db/deep/schema.sql', true],
    ['**/*.sql', 'schema.sqlite', false],
    ['terraform/**', 'terraform/prod/main.tf', true],
    ['Dockerfile', 'Dockerfile', true],
    ['Dockerfile', 'web/Dockerfile', false],
    ['src/*.ts', 'src/a/b.ts', false],
    ['a/**/b', 'a/b', true],
    ['a/**/b', 'a/x/y/b', true],
    ['**/db/**/migrations/**/*.sql', 'services/db/v2/migrations/001.sql', true],
    ['file?.txt', 'file1.txt', false], // only * and ** are wildcards
    ['file?.txt', 'file?.txt', true],
    ['[ab].tf', '[ab].tf', true],
  ])('%s against %s: %s', (glob, path, expected) => {
    expect(globMatch(glob, path)).toBe(expected);
  });

  it('matches as the regular expression it replaced did, on short globs and paths', () => {
    const glob = fc
      .array(fc.constantFrom('a', 'b', '/', '.', '*', '**', '**/', '?'), { maxLength: 8 })
      .map((parts) => parts.join(''));
    const path = fc.array(fc.constantFrom('a', 'b', '/', '.', '?'), { maxLength: 12 }).map((parts) => parts.join(''));
    fc.assert(
      fc.property(glob, path, (g, p) => globMatch(g, p) === regexMatch(g, p)),
      { numRuns: 5000, seed: 11 },
    );
  });

  it('matches a 10,000-character path against a glob with five ** in under 50 ms', () => {
    const path = `${'a/'.repeat(4995)}main.tfx`;
    const started = performance.now();
    expect(globMatch('**/**/**/**/**/*.tf', path)).toBe(false);
    expect(globMatch('**/**/**/**/**/*.tfx', path)).toBe(true);
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('checks at most the first files and characters of a change, and says so', () => {
    const long = Array.from({ length: 30 }, (_, i) => `${'a/'.repeat(2000)}${i}.txt`); // 4,005+ characters each
    const result = risk([...long, 'migrations/001.sql']);
    const checked = Math.floor(RISK_CHECK_LIMITS.characters / long[0]!.length);
    expect(result.reasons).toContain(`checked the first ${checked} files of 31 against deploy.riskPaths`);
    expect(result.reasons.join(';')).not.toContain('touches migrations'); // beyond the cap: not read
    const many = Array.from({ length: RISK_CHECK_LIMITS.files + 5 }, (_, i) => `src/${i}.ts`);
    expect(risk(many).reasons).toContain(
      `checked the first ${RISK_CHECK_LIMITS.files} files of ${RISK_CHECK_LIMITS.files + 5} against deploy.riskPaths`,
    );
    expect(risk(['src/a.ts', 'migrations/001.sql']).reasons).toEqual(['touches migrations (migrations/001.sql)']);
  });

  it('shortens a long matching path in the reason', () => {
    const path = `db/${'x'.repeat(3000)}/001.sql`;
    const [reason] = risk([path]).reasons;
    expect(reason).toMatch(/^touches migrations \(db\/x+…x+\/001\.sql\)$/);
    expect(reason!.length).toBeLessThan(120);
  });
});
