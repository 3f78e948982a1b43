import { afterEach, describe, expect, it } from 'vitest';
import { BACKUP_DRILLS } from '../../src/domain/backup.js';
import { type Harness, textOf } from '../support/harness.js';
import { ackOf, backupHarness, drillDatabases, finishedReport, reports, until } from '../backup/support.js';

let h: Harness;
afterEach(async () => h?.stop());

const audits = async (db: string) =>
  (await h.bot.store.queryAudit({ target: `backup:${db}` })).map((e) => e.action).reverse(); // oldest first

describe('/backup status', () => {
  it('shows schedules, PITR, the newest READY backup (the RPO now) and each problem with its next step', async () => {
    ({ h } = await backupHarness());
    h.firestore.denyPermission(
      /^GET \/v1\/projects\/demo-project\/databases\/analytics\/backupSchedules$/,
      'datastore.backupSchedules.list',
      1,
    );
    expect(await ackOf(h, '/backup status')).toContain('Reading backups');
    // The first /backup of a process loads the Firestore clients (seconds on a loaded machine).
    const posted = await h.slack.waitFor(
      () => h.slack.messagesIn('ops').find((m) => m.text.startsWith('Backup status')),
      15_000,
    );
    const text = textOf(posted);
    expect(text).toContain('daily, kept 14d · weekly (sunday), kept 56d');
    expect(text).toMatch(/Newest READY backup\*\n.*\(20h ago = RPO now\), 46 documents/);
    expect(text).toContain('1 backup(s) not READY yet');
    expect(text).toContain('No drill has passed yet (policy: every 8 days). Next: `/backup drill main`.');
    // analytics: its schedules could not be read; the rest is still shown, and the line names the role
    expect(text).toContain('grant its service account roles/datastore.backupSchedulesViewer');
    expect(text).toMatch(/The newest READY backup is 3d old, more than the policy's 26 h/);
  });
});

describe('/backup drill, end to end through the real Firestore clients and the stand-in', () => {
  it('restores the newest READY backup, counts and samples it against the source, deletes the drill database: passed', async () => {
    ({ h } = await backupHarness());
    expect(await ackOf(h, '/backup drill main')).toContain('Starting a restore drill of main');
    const report = await finishedReport(h, 'main');
    expect(report).toContain('Backup Drill: main — passed');
    expect(report).toContain('`daily-newest`'); // the newest READY one, not the CREATING one
    expect(report).toMatch(/RPO\*\n20h/);
    expect(report).toMatch(/RTO\*\n[\dms ]+ \(restore [\dms ]+ \+ verify [\dms ]+\)/);
    expect(report).toMatch(/:white_check_mark: `orders` 26 \/ 26/); // the source read at the snapshot, not now (31)
    expect(report).toMatch(/:white_check_mark: `users` 12 \/ 12/);
    expect(report).toContain('20 document(s) compared field by field with the source at the snapshot time: all equal');
    expect(report).toMatch(/`drill-\d{8}-[0-9a-f]{6}` \(created, deleted\)/);
    expect(report).toContain('next drill');
    expect(drillDatabases(h)).toEqual([]);
    expect(h.firestore.restores.map((r) => r.backup?.split('/').pop())).toEqual(['daily-newest']);
    expect(await audits('main')).toEqual(['backup.drill.start', 'backup.drill.restore', 'backup.drill.passed']);
    expect(reports(h, 'main')).toHaveLength(1); // one report, updated in place

    const status = await ackOf(h, '/backup status main');
    expect(status).toContain('Reading backups');
    const posted = await h.slack.waitFor(() =>
      h.slack.messagesIn('ops').find((m) => m.text.startsWith('Backup status')),
    );
    expect(textOf(posted)).toContain(':white_check_mark: passed');
    expect(textOf(posted)).not.toContain('No drill has passed');
  });

  it('counts that differ fail the drill, name the collection and mention the owners; status shows it until a drill passes', async () => {
    ({ h } = await backupHarness());
    await ackOf(h, '/backup drill analytics');
    const report = await finishedReport(h, 'analytics');
    expect(report).toContain('Backup Drill: analytics — FAILED');
    expect(report).toMatch(/:x: `events` 12 \/ 15/);
    expect(report).toMatch(/:white_check_mark: `sessions` 6 \/ 6/);
    expect(report).toContain('document counts differ in `events`');
    expect(report).toContain('@sre-team');
    expect(drillDatabases(h)).toEqual([]);
    await ackOf(h, '/backup status analytics');
    const status = await h.slack.waitFor(() =>
      h.slack.messagesIn('ops').find((m) => m.text.startsWith('Backup status')),
    );
    expect(textOf(status)).toMatch(/The last drill FAILED .*`bd-analytics-/);
    expect(textOf(status)).toContain('keeps backups 3d, below the policy');
  });

  it('a restore that fails is reported, and the drill database is deleted all the same', async () => {
    ({ h } = await backupHarness());
    h.firestore.failNextRestore('Restore failed: the backup could not be read (INTERNAL).');
    await ackOf(h, '/backup drill main');
    const report = await finishedReport(h, 'main');
    expect(report).toContain('Backup Drill: main — FAILED');
    expect(report).toContain('the restore failed: Restore failed: the backup could not be read (INTERNAL).');
    expect(report).toMatch(/\(created, deleted\)/);
    expect(drillDatabases(h)).toEqual([]);
  });

  it('an operation that never finishes times out, reported, and the drill database is deleted', async () => {
    const { h: harness, clock } = await backupHarness();
    h = harness;
    h.firestore.hangOperations = true;
    await ackOf(h, '/backup drill main');
    await h.slack.waitFor(() => h.firestore.requests.some((r) => r.includes('/operations/')));
    clock.advance(6 * 60_000); // past backup.drill.timeoutMinutes (5 in this config)
    const report = await finishedReport(h, 'main');
    expect(report).toContain('the restore did not finish within 5 minutes (backup.drill.timeoutMinutes)');
    expect(drillDatabases(h)).toEqual([]);
  });

  it('a permission error names the role to grant', async () => {
    ({ h } = await backupHarness());
    h.firestore.denyPermission(
      /^POST \/v1\/projects\/demo-project\/databases:restore$/,
      'datastore.backups.restoreDatabase',
    );
    await ackOf(h, '/backup drill main');
    const report = await finishedReport(h, 'main');
    expect(report).toContain('grant its service account roles/datastore.restoreAdmin');
    expect(report).toMatch(/Drill database\*\n`drill-[^`]+` \(named\)|\(created, deleted\)/);
  });

  it('a drill database that could not be deleted is reported with the command to delete it', async () => {
    ({ h } = await backupHarness());
    h.firestore.denyPermission(/^DELETE \/v1\/projects\/demo-project\/databases\/drill-/, 'datastore.databases.delete');
    await ackOf(h, '/backup drill main');
    const report = await finishedReport(h, 'main');
    expect(report).toContain('Backup Drill: main — passed');
    expect(report).toMatch(
      /could not be deleted .*Delete it: `gcloud firestore databases delete --database=drill-\d{8}-[0-9a-f]{6} --project=demo-project`/s,
    );
    expect(await audits('main')).toContain('backup.drill.cleanup-failed');
  });

  it('a restart mid-restore resumes the wait on the recorded operation, never a second restore', async () => {
    const { h: harness, clock } = await backupHarness();
    h = harness;
    h.firestore.hangOperations = true;
    await ackOf(h, '/backup drill main');
    const id = await until(async () => {
      const [drill] = await h.bot.store.list(BACKUP_DRILLS, { where: { status: 'running' } });
      return drill?.data.operation ? drill.id : undefined;
    });
    // The old bot stops without grace: its lease is released if it still could, else it runs out.
    await h.restartBot({ clock });
    h.firestore.finishOperations();
    await h.bot.ticker.runOnce(clock.now());
    clock.advance(61_000); // deploy.leaseSeconds: 60
    await h.bot.ticker.runOnce(clock.now());
    const report = await finishedReport(h, 'main');
    expect(report).toContain('Backup Drill: main — passed');
    expect(report).toContain('resumed after 1 restart(s)');
    expect(h.firestore.restores).toHaveLength(1);
    expect((await h.bot.store.get(BACKUP_DRILLS, id))?.data).toMatchObject({ status: 'passed', resumes: 1 });
    expect(drillDatabases(h)).toEqual([]);
  });
});
