import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/env.js';
import { problemsOf } from '../../support/problems.js';
import { parseConfig } from '../../../src/config/load-config.js';

const example = readFileSync('chatops.example.yml', 'utf8');
const CSV_LINE = /^ {4}csv: \{ path: \.\/billing\.csv \}.*$/m;

describe('the cost: section', () => {
  it('has documented defaults', () => {
    const { cost } = parseConfig(example, 'chatops.example.yml');
    expect(cost).toEqual({
      source: { csv: { path: './billing.csv' } },
      digest: { enabled: true, schedule: '0 9 * * MON', inProcess: true },
      breakdownTop: 5,
      anomalies: { k: 3, trailingDays: 28, minIncrease: 10 },
      minMonthlySavings: 10,
    });
    const minimal = parseConfig(example.replace(/^cost:[\s\S]*?(?=^services:)/m, ''), 'chatops.yml');
    expect(minimal.cost.digest.schedule).toBe('0 9 * * MON');
    expect(minimal.cost.source).toEqual({});
  });

  it('fills BigQuery defaults', () => {
    const { cost } = parseConfig(
      example.replace(
        CSV_LINE,
        '    bigquery: { table: my-billing.billing_export.gcp_billing_export_v1_0123AB_456CD_789EF }',
      ),
      'chatops.yml',
    );
    expect(cost.source.bigquery).toEqual({
      table: 'my-billing.billing_export.gcp_billing_export_v1_0123AB_456CD_789EF',
      maxBytesBilled: 50_000_000_000,
      partitioned: true,
    });
  });

  it.each([
    ['    bigquery: { table: "x; DROP TABLE y" }', 'cost.source.bigquery.table: expected project.dataset.table'],
    [
      '    csv: { path: a.csv }\n    bigquery: { table: my-billing.d.t }',
      'cost.source: set either csv or bigquery, not both',
    ],
    ['    csv: { path: a.csv, sheet: 1 }', 'cost.source.csv.sheet: unknown key'],
  ])('names the key of a bad source: %s', (source, problem) => {
    expect(problemsOf(() => parseConfig(example.replace(CSV_LINE, source), 'chatops.yml')).join('\n')).toContain(
      problem,
    );
  });

  it('refuses a schedule that is not cron', () => {
    expect(
      problemsOf(() =>
        parseConfig(example.replace('schedule: "0 9 * * MON"', 'schedule: "every monday"'), 'chatops.yml'),
      ),
    ).toEqual([
      'cost.digest.schedule: expected a cron expression such as "0 9 * * MON" (minute hour day month weekday)',
    ]);
  });
});

describe('the cost environment', () => {
  it('reads the job credentials, and keeps the secret out of logs', () => {
    const settings = loadSettings({
      COST_JOB_SECRET: 's'.repeat(20),
      COST_DIGEST_JOB_AUDIENCE: 'https://a, digest',
      BUDGET_HOOK_AUDIENCE: 'budget',
      COST_JOB_INVOKERS: 'x@p.iam.gserviceaccount.com',
      BIGQUERY_API_ENDPOINT: 'http://127.0.0.1:9050',
    });
    expect(settings.cost).toMatchObject({
      bigqueryEndpoint: 'http://127.0.0.1:9050',
      jobs: { invokers: ['x@p.iam.gserviceaccount.com'] },
    });
    expect(settings.cost.jobs.digest).toMatchObject({
      path: '/jobs/cost-digest',
      audiences: ['https://a', 'digest'],
      audienceVariable: 'COST_DIGEST_JOB_AUDIENCE',
    });
    expect(settings.cost.jobs.budget).toMatchObject({
      path: '/hooks/budget',
      audiences: ['budget'],
      audienceVariable: 'BUDGET_HOOK_AUDIENCE',
    });
    expect(settings.secrets).toContain('s'.repeat(20));
  });

  it('gives each URL in COST_JOB_AUDIENCE (kept for existing set-ups) to the endpoint of its path only', () => {
    const settings = loadSettings({
      COST_JOB_AUDIENCE: 'https://bot.example/jobs/cost-digest, https://bot.example/hooks/budget?token=x',
      BUDGET_HOOK_AUDIENCE: 'budget',
      COST_JOB_INVOKERS: 'x@p.iam.gserviceaccount.com',
    });
    expect(settings.cost.jobs.digest.audiences).toEqual(['https://bot.example/jobs/cost-digest']);
    expect(settings.cost.jobs.budget.audiences).toEqual(['budget', 'https://bot.example/hooks/budget?token=x']);
  });

  it('refuses a COST_JOB_AUDIENCE that names no endpoint: it would open both', () => {
    expect(
      problemsOf(() =>
        loadSettings({
          COST_JOB_AUDIENCE: 'https://a, https://bot.example/jobs/cost-digest, chatops-jobs',
          COST_JOB_INVOKERS: 'x@p.iam.gserviceaccount.com',
        }),
      ),
    ).toEqual([
      'COST_JOB_AUDIENCE: its audience #1 is not the URL of /jobs/cost-digest or /hooks/budget; set COST_DIGEST_JOB_AUDIENCE and BUDGET_HOOK_AUDIENCE instead (each endpoint accepts only its own audience)',
      'COST_JOB_AUDIENCE: its audience #3 is not the URL of /jobs/cost-digest or /hooks/budget; set COST_DIGEST_JOB_AUDIENCE and BUDGET_HOOK_AUDIENCE instead (each endpoint accepts only its own audience)',
    ]);
  });

  it('requires the invokers with an audience, and a long enough secret', () => {
    expect(problemsOf(() => loadSettings({ COST_JOB_AUDIENCE: 'https://bot.example/jobs/cost-digest' }))).toEqual([
      expect.stringMatching(/^COST_JOB_INVOKERS: required with COST_JOB_AUDIENCE/),
    ]);
    expect(problemsOf(() => loadSettings({ BUDGET_HOOK_AUDIENCE: 'budget' }))).toEqual([
      expect.stringMatching(/^COST_JOB_INVOKERS: required with BUDGET_HOOK_AUDIENCE/),
    ]);
    expect(problemsOf(() => loadSettings({ COST_JOB_SECRET: 'short' }))).toEqual([
      'COST_JOB_SECRET: expected at least 16 characters',
    ]);
  });
});
