/**
 * Configs that used to pass `--check` and then fail at run time (issue 11, part 6): every number has bounds, an
 * N of M that no set of listed users can reach is refused, the digest's cron is read as the scheduler reads it, and
 * names that would break a map are refused. Each problem names its key path.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { latestOccurrence } from '../../../src/scheduler/cron.js';
import { problemsOf } from '../../support/problems.js';

const example = readFileSync('chatops.example.yml', 'utf8');
const problems = (from: string | RegExp, to: string): string[] => {
  const changed = example.replace(from, to);
  expect(changed, `the example contains ${String(from)}`).not.toBe(example);
  return problemsOf(() => parseConfig(changed, 'chatops.yml'));
};

describe('bounds on every number', () => {
  it.each([
    [
      'approvalExpiryMinutes: 30',
      'approvalExpiryMinutes: 1000000000000',
      'deploy.approvalExpiryMinutes: expected a number ≤ 1440',
    ],
    [
      'approvalExpiryMinutes: 30',
      'approvalExpiryMinutes: 1000000000000000000000',
      'deploy.approvalExpiryMinutes: expected a number ≤ 1440',
    ],
    ['lockReminderMinutes: 10', 'lockReminderMinutes: 100000', 'deploy.lockReminderMinutes: expected a number ≤ 1440'],
    [
      'minApprovals: 1\n        channel: "#deploys"',
      'minApprovals: 11\n        channel: "#deploys"',
      'services.api.environments.prod.minApprovals: expected a number ≤ 10',
    ],
    [
      'canary: { steps: [10, 50, 100], bakeSeconds: 5 }',
      'canary: { steps: [10, 50, 100], bakeSeconds: 86400 }',
      'services.api.rollout.canary.bakeSeconds: expected a number ≤ 3600',
    ],
    [
      'canary: { steps: [10, 50, 100], bakeSeconds: 5 }',
      'canary: { steps: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100], bakeSeconds: 5 }',
      'services.api.rollout.canary.steps: expected at most 10 item(s)',
    ],
    ['monthly: 4000', 'monthly: 1e300', 'budget.monthly: expected a number ≤ 1000000000000'],
    ['breakdownTop: 5', 'breakdownTop: 500', 'cost.breakdownTop: expected a number ≤ 20'],
    [
      'anomalies: { k: 3, trailingDays: 28, minIncrease: 10 }',
      'anomalies: { k: 1000, trailingDays: 28, minIncrease: 10 }',
      'cost.anomalies.k: expected a number ≤ 100',
    ],
    [
      'anomalies: { k: 3, trailingDays: 28, minIncrease: 10 }',
      'anomalies: { k: 3, trailingDays: 28, minIncrease: 1e20 }',
      'cost.anomalies.minIncrease: expected a number ≤ 1000000000',
    ],
    ['minMonthlySavings: 10', 'minMonthlySavings: 1e20', 'cost.minMonthlySavings: expected a number ≤ 1000000000'],
    [
      'csv: { path: ./billing.csv }',
      'bigquery: { table: my-billing.billing_export.t, maxBytesBilled: 1000 }',
      'cost.source.bigquery.maxBytesBilled: expected a number ≥ 10485760',
    ],
    [
      'csv: { path: ./billing.csv }',
      'bigquery: { table: my-billing.billing_export.t, maxBytesBilled: 1e16 }',
      'cost.source.bigquery.maxBytesBilled: expected a number ≤ 1000000000000000',
    ],
    ['P0: 15,', 'P0: 100000,', 'incidents.updateCadenceMinutes.P0: expected a number ≤ 1440'],
    [
      'migrations: ["migrations/**", "**/*.sql"]',
      `migrations: ["${'a/'.repeat(101)}**"]`,
      'deploy.riskPaths.migrations.0: expected at most 200 characters',
    ],
  ])('%s → %s', (from, to, problem) => {
    expect(problems(from, to)).toContain(problem);
  });

  it('names a huge integer once', () => {
    expect(problems('approvalExpiryMinutes: 30', 'approvalExpiryMinutes: 1000000000000000000000')).toEqual([
      'deploy.approvalExpiryMinutes: expected a number ≤ 1440',
    ]);
  });

  it('accepts the values at the bounds', () => {
    const config = parseConfig(
      example
        .replace('approvalExpiryMinutes: 30', 'approvalExpiryMinutes: 1440')
        .replace('bakeSeconds: 5 }', 'bakeSeconds: 3600 }'),
      'chatops.yml',
    );
    expect(config.deploy.approvalExpiryMinutes).toBe(1440);
    expect(config.services.api?.rollout.canary.bakeSeconds).toBe(3600);
  });
});

describe('N of M that can never be reached', () => {
  it('refuses more approvals than the listed users, when every approver is a user ID', () => {
    expect(
      problems(
        'approvers: [U0SAM00002, U0ALEX0001], minApprovals: 2',
        'approvers: [U0SAM00002, U0ALEX0001], minApprovals: 3',
      ),
    ).toEqual([
      'services.worker.environments.prod.minApprovals: 3 approvals are needed, but approvers lists only 2 user(s)',
    ]);
    expect(
      problems(
        'approvers: [U0SAM00002, U0ALEX0001], minApprovals: 2',
        'approvers: [U0SAM00002, U0SAM00002], minApprovals: 2',
      ),
    ).toEqual([
      'services.worker.environments.prod.minApprovals: 2 approvals are needed, but approvers lists only 1 user(s)',
    ]);
  });

  it('refuses the same for rollbacks, whose approvers default to the environment’s', () => {
    const rollback = (policy: string) =>
      problems('minApprovals: 2, channel: "#deploys" }', `minApprovals: 2, channel: "#deploys", rollback: ${policy} }`);
    expect(rollback('{ requiresApproval: true, minApprovals: 3 }')).toEqual([
      'services.worker.environments.prod.rollback.minApprovals: 3 approvals are needed, but approvers lists only 2 user(s)',
    ]);
    expect(rollback('{ requiresApproval: true, approvers: [U0JO000003], minApprovals: 2 }')).toEqual([
      'services.worker.environments.prod.rollback.minApprovals: 2 approvals are needed, but rollback.approvers lists only 1 user(s)',
    ]);
  });

  it('leaves groups to be resolved when a deploy is requested', () => {
    expect(() =>
      parseConfig(
        example.replace(
          'approvers: ["@sre-team", U0SAM00002]\n        minApprovals: 1',
          'approvers: ["@sre-team", U0SAM00002]\n        minApprovals: 5',
        ),
        'chatops.yml',
      ),
    ).not.toThrow();
  });
});

describe('the digest schedule', () => {
  it('refuses six fields, which croner would read as seconds first (so "0 9 * * 1 *" meant every hour in January)', () => {
    expect(problems('schedule: "0 9 * * MON"', 'schedule: "0 9 * * 1 *"')).toEqual([
      'cost.digest.schedule: expected 5 fields (minute hour day month weekday), got 6',
    ]);
    expect(problems('schedule: "0 9 * * MON"', 'schedule: "0 0 9 * * MON"')).toEqual([
      'cost.digest.schedule: expected 5 fields (minute hour day month weekday), got 6',
    ]);
  });

  it('refuses a schedule that never comes', () => {
    expect(problems('schedule: "0 9 * * MON"', 'schedule: "0 9 30 2 *"')).toEqual([
      'cost.digest.schedule: "0 9 30 2 *" never runs (no such date)',
    ]);
  });

  it('reads what it accepts as the scheduler does', () => {
    const { cost, timezone } = parseConfig(
      example.replace('schedule: "0 9 * * MON"', 'schedule: "30 8 * * MON-FRI"'),
      'chatops.yml',
    );
    expect(latestOccurrence(cost.digest.schedule, timezone, new Date('2026-11-24T08:00:00Z'))?.toISOString()).toBe(
      '2026-11-24T07:30:00.000Z',
    );
  });
});

describe('reserved names', () => {
  it.each([
    ['\n  worker:\n', '\n  __proto__:\n', 'services.__proto__'],
    ['\n  worker:\n', '\n  constructor:\n', 'services.constructor'],
    ['\n  worker:\n', '\n  prototype:\n', 'services.prototype'],
    [
      '      staging: { requiresApproval: false, channel: "#deploys-staging" }\n      prod: { requiresApproval: true, approvers: ["@sre-team"]',
      '      staging: { requiresApproval: false, channel: "#deploys-staging" }\n      __proto__: { requiresApproval: false, channel: "#x" }\n      prod: { requiresApproval: true, approvers: ["@sre-team"]',
      'services.web.environments.__proto__',
    ],
    ['      api: [U0JO000003]', '      hasOwnProperty: [U0JO000003]', 'incidents.responders.byService.hasOwnProperty'],
  ])('refuses %#: %s', (from, to, path) => {
    const found = problems(from, to);
    const key = path.split('.').at(-1);
    expect(found).toContain(`${path}: "${key}" is a reserved name; choose another`);
    expect(found.filter((p) => p.startsWith(path))).toHaveLength(1); // not also "unknown key" or its contents
  });
});
