import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/env.js';
import { problemsOf } from '../support/problems.js';
import { parseConfig } from '../../src/config/load-config.js';

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
    const { cost } = parseConfig(example.replace(CSV_LINE, '    bigquery: { table: my-billing.billing_export.gcp_billing_export_v1_0123AB_456CD_789EF }'), 'chatops.yml');
    expect(cost.source.bigquery).toEqual({ table: 'my-billing.billing_export.gcp_billing_export_v1_0123AB_456CD_789EF', maxBytesBilled: 50_000_000_000, partitioned: true });
  });

  it.each([
    ['    bigquery: { table: "x; DROP TABLE y" }', 'cost.source.bigquery.table: expected project.dataset.table'],
    ['    csv: { path: a.csv }\n    bigquery: { table: my-billing.d.t }', 'cost.source: set either csv or bigquery, not both'],
    ['    csv: { path: a.csv, sheet: 1 }', 'cost.source.csv.sheet: unknown key'],
  ])('names the key of a bad source: %s', (source, problem) => {
    expect(problemsOf(() => parseConfig(example.replace(CSV_LINE, source), 'chatops.yml')).join('\n')).toContain(problem);
  });

  it('refuses a schedule that is not cron', () => {
    expect(problemsOf(() => parseConfig(example.replace('schedule: "0 9 * * MON"', 'schedule: "every monday"'), 'chatops.yml'))).toEqual([
      'cost.digest.schedule: expected a cron expression such as "0 9 * * MON" (minute hour day month weekday)',
    ]);
  });
});

describe('the cost environment', () => {
  it('reads the job credentials, and keeps the secret out of logs', () => {
    const settings = loadSettings({ COST_JOB_SECRET: 's'.repeat(20), COST_JOB_AUDIENCE: 'https://a, https://b', COST_JOB_INVOKERS: 'x@p.iam.gserviceaccount.com', BIGQUERY_API_ENDPOINT: 'http://127.0.0.1:9050' });
    expect(settings.cost).toMatchObject({ bigqueryEndpoint: 'http://127.0.0.1:9050', jobs: { audiences: ['https://a', 'https://b'], invokers: ['x@p.iam.gserviceaccount.com'] } });
    expect(settings.secrets).toContain('s'.repeat(20));
  });

  it('requires the invokers with an audience, and a long enough secret', () => {
    expect(problemsOf(() => loadSettings({ COST_JOB_AUDIENCE: 'https://a' }))).toEqual([expect.stringMatching(/^COST_JOB_INVOKERS: required with COST_JOB_AUDIENCE/)]);
    expect(problemsOf(() => loadSettings({ COST_JOB_SECRET: 'short' }))).toEqual(['COST_JOB_SECRET: expected at least 16 characters']);
  });
});
