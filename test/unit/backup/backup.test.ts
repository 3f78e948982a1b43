import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseBackup } from '../../../commands/backup/parse.js';
import { renderDrillReport } from '../../../blocks/backup-drill.js';
import { parseConfig } from '../../../src/config/load-config.js';
import type { BackupDrill } from '../../../src/domain/backup.js';
import { backupStatus } from '../../../src/workflows/backup/status.js';
import { sourceReadTime, verdictOf } from '../../../src/workflows/backup/verify.js';
import { createUnitContext, type UnitContext } from '../../support/unit-context.js';

const example = readFileSync('chatops.example.yml', 'utf8');
let u: UnitContext | undefined;
afterEach(async () => u?.close());

describe('/backup parsing', () => {
  it('reads the three subcommands and their options', () => {
    expect(parseBackup('')).toEqual({ kind: 'help' });
    expect(parseBackup('status')).toEqual({ kind: 'status' });
    expect(parseBackup('drill main')).toEqual({ kind: 'drill', database: 'main' });
    expect(parseBackup('restore main daily-1 --to main-restored')).toEqual({
      kind: 'restore',
      database: 'main',
      backup: 'daily-1',
      to: 'main-restored',
    });
    expect(parseBackup('restore main --at 2026-12-07T10:30:45+01:00 --to main-x --force "data loss"')).toEqual({
      kind: 'restore',
      database: 'main',
      at: '2026-12-07T09:30:00.000Z', // to the minute
      to: 'main-x',
      force: 'data loss',
    });
  });

  it.each([
    ['restore main', /--to <new-database-id>/],
    ['restore main --to (default)', /not a database ID/],
    ['restore main b1 --at 2026-12-07T10:30Z --to main-x', /either a backup or a point in time/],
    ['restore main --at 10:30 --to main-x', /ISO 8601 with a zone/],
    ['restore main --to', /Give a value after --to/],
    ['restore main --into x', /Unknown option --into/],
    ['status main extra', /Too many arguments/],
    ['purge', /Unknown subcommand "purge"/],
  ])('%s is refused: %s', (text, problem) => {
    expect(parseBackup(text)).toMatch(problem);
  });
});

describe('the drill verdict', () => {
  const sample = { compared: 3, differing: [], against: 'snapshot' as const };
  it('fails on any collection whose count differs from the source at the snapshot, naming them', () => {
    const counts = [
      { collection: 'a', restored: 3, source: 3 },
      { collection: 'b', restored: 1, source: 2 },
      { collection: 'c', restored: 5, source: 4 },
    ];
    expect(verdictOf(counts, sample, true, 10)).toEqual({
      passed: false,
      reason: { kind: 'counts-differ', collections: ['b', 'c'] },
    });
  });
  it("without PITR at the snapshot, compares the total with the backup's document count; live sample differences do not fail it", () => {
    const counts = [{ collection: 'a', restored: 3 }];
    expect(verdictOf(counts, { ...sample, against: 'live', differing: ['a/1'] }, false, 3).passed).toBe(true);
    expect(verdictOf(counts, sample, false, 4)).toEqual({
      passed: false,
      reason: { kind: 'total-differs', restored: 3, expected: 4 },
    });
  });
  it('reads older than an hour at the whole minute of the snapshot', () => {
    const now = new Date('2026-12-07T12:00:00Z');
    expect(sourceReadTime('2026-12-07T11:30:12.345Z', now)).toBe('2026-12-07T11:30:12.345Z');
    expect(sourceReadTime('2026-12-07T08:30:12.345Z', now)).toBe('2026-12-07T08:30:00.000Z');
  });
});

describe('the backup: section', () => {
  it('names the key path of a problem', () => {
    expect(() => parseConfig(example.replace('minApprovals: 2\n', 'minApprovals: 3\n'), 'chatops.yml')).not.toThrow(); // @sre-team is a group: resolved when a restore is requested
    expect(() =>
      parseConfig(
        example.replace(
          'main: { project: demo-project, database: "(default)" }',
          'main: { project: Demo, database: "(default)" }',
        ),
        'chatops.yml',
      ),
    ).toThrow(/backup\.databases\.main\.project: expected a Google Cloud project ID/);
    expect(() =>
      parseConfig(example.replace('schedule: "0 4 * * SUN"', 'schedule: "0 4 30 2 *"'), 'chatops.yml'),
    ).toThrow(/backup\.drill\.schedule: "0 4 30 2 \*" never runs/);
    expect(() =>
      parseConfig(
        example.replace(
          'approvers: ["@sre-team", U0JO000003]\n    minApprovals: 2',
          'approvers: [U0JO000003]\n    minApprovals: 2',
        ),
        'chatops.yml',
      ),
    ).toThrow(/backup\.restore\.minApprovals: 2 approvals are needed, but approvers lists only 1 user/);
  });
});

describe('/backup status on the unit context', () => {
  it('lists each problem of the policy as a fact', async () => {
    u = await createUnitContext();
    const now = u.clock.now();
    u.backups.databases.set('demo-project/(default)', { pitr: false });
    u.backups.schedules.set('demo-project/(default)', [
      { name: 's/daily', recurrence: 'daily', retentionMs: 2 * 86_400_000 },
    ]);
    u.backups.backups = [
      {
        name: 'projects/demo-project/locations/eur3/backups/b1',
        database: 'projects/demo-project/databases/(default)',
        state: 'READY',
        snapshotTime: new Date(now.getTime() - 50 * 3_600_000).toISOString(),
      },
    ];
    const [main] = await backupStatus(u.ctx, 'main');
    expect(main!.problems.map((p) => p.kind)).toEqual(['short-retention', 'pitr-off', 'backup-too-old', 'no-drill']);
  });
});

describe('the Backup Drill Report', () => {
  it('has the report shape: header with the verdict, RPO, RTO, the drill database, counts, the next drill', () => {
    const drill: BackupDrill = {
      id: 'bd-main-1',
      database: 'main',
      source: { project: 'p', database: '(default)' },
      trigger: 'schedule',
      status: 'failed',
      step: 'done',
      startedAt: '2026-12-07T04:00:00.000Z',
      backup: { name: 'projects/p/locations/eur3/backups/b1', snapshotTime: '2026-12-06T22:00:00.000Z' },
      drillDatabase: 'drill-20261207-abcdef',
      operation: 'op',
      restoreStartedAt: '2026-12-07T04:00:01.000Z',
      restoredAt: '2026-12-07T04:03:01.000Z',
      verifiedAt: '2026-12-07T04:03:31.000Z',
      counts: [{ collection: 'users', restored: 9, source: 10 }],
      sample: { compared: 0, differing: [], against: 'none' },
      verdict: { passed: false, reason: { kind: 'counts-differ', collections: ['users'] } },
      cleanup: { deleted: true },
    };
    const report = renderDrillReport(drill, {
      timeZone: 'UTC',
      owners: ['S0SRETEAM1', 'U0JO000003'],
      nextDrill: new Date('2026-12-14T04:00:00Z'),
    });
    const text = JSON.stringify(report);
    expect(report.text).toBe('Backup Drill: main — FAILED: document counts differ in `users`');
    expect(text).toContain('6h (age of that backup when the drill began)');
    expect(text).toContain('3m 30s (restore 3m + verify 30s)');
    expect(text).toContain('(created, deleted)');
    expect(text).toContain('<!subteam^S0SRETEAM1> <@U0JO000003>');
    expect(text).toContain('next drill');
  });
});
