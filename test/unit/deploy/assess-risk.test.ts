import { describe, expect, it } from 'vitest';
import { assessRisk, type RiskInput } from '../../../src/workflows/deploy/risk.js';
import { exampleConfig } from '../../support/unit-context.js';

const base: RiskInput = {
  environment: 'staging',
  files: ['src/app.ts'],
  aheadBy: 1,
  recentFailures: 0,
  riskPaths: exampleConfig().deploy.riskPaths, // migrations/**, **/*.sql; terraform/**, infra/**, Dockerfile
};
const risk = (change: Partial<RiskInput>) => assessRisk({ ...base, ...change });

describe('assessRisk', () => {
  it.each<[string, Partial<RiskInput>, 'low' | 'medium' | 'high', string[]]>([
    ['a small staging change', {}, 'low', ['small change, non-production']],
    ['production', { environment: 'prod' }, 'medium', ['production environment']],
    [
      'production and a migration',
      { environment: 'prod', files: ['db/001_init.sql'] },
      'high',
      ['production environment', 'touches migrations (db/001_init.sql)'],
    ],
    [
      'infrastructure alone',
      { files: ['Dockerfile', 'infra/main.tf'] },
      'medium',
      ['touches infrastructure (Dockerfile, infra/main.tf)'],
    ],
    ['21 commits', { aheadBy: 21 }, 'medium', ['large change (21 commits, 1 files)']],
    [
      '51 files',
      { files: Array.from({ length: 51 }, (_, i) => `src/${i}.ts`) },
      'medium',
      ['large change (1 commits, 51 files)'],
    ],
    ['recent failures', { recentFailures: 2 }, 'medium', ['2 failed deploy(s) of this service in the last 7 days']],
    [
      'an unreadable diff',
      { diffUnknown: true },
      'medium',
      ['the changes could not be read from GitHub, so what they touch is unknown'],
    ],
    [
      'a commit rolled back this week',
      { rolledBack: true },
      'medium',
      ['this commit was rolled back in the last 7 days'],
    ],
    [
      'a rolled-back commit to production',
      { environment: 'prod', rolledBack: true },
      'high',
      ['production environment', 'this commit was rolled back in the last 7 days'],
    ],
  ])('%s', (_name, change, level, reasons) => {
    expect(risk(change)).toEqual({ level, reasons });
  });

  it('names at most three files of each kind, and shortens long paths', () => {
    const long = `migrations/${'a'.repeat(100)}.sql`;
    const { reasons } = risk({ files: ['migrations/1.sql', 'migrations/2.sql', long, 'migrations/4.sql'] });
    expect(reasons[0]).toBe(
      `touches migrations (migrations/1.sql, migrations/2.sql, ${long.slice(0, 40)}…${long.slice(-39)})`,
    );
  });
});
