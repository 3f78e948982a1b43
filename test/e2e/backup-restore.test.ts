import { afterEach, describe, expect, it } from 'vitest';
import { RESTORE_REQUESTS } from '../../src/domain/backup.js';
import { latestOccurrence } from '../../src/scheduler/cron.js';
import { ALEX, JO, SAM, ephemeralFor } from '../support/deploy-helpers.js';
import { type Harness, textOf } from '../support/harness.js';
import { ackOf, backupHarness, SECRET, until } from '../backup/support.js';

let h: Harness;
afterEach(async () => h?.stop());

// The first /backup of a test's bot loads the Firestore clients after the ack: seconds on a machine under load.
const card = () =>
  h.slack.waitFor(
    () => h.slack.messagesIn('ops').find((m) => m.text.startsWith('Restore Request:') && !m.threadTs),
    20_000,
  );
const cardText = (c: { channel: string; ts: string }) => textOf(h.slack.workspace.findMessage(c.channel, c.ts));
const idOf = (text: string) => /restore `(rs-[0-9a-f-]+)`/.exec(text)![1]!;
const click = (c: { channel: string; ts: string }, user: string, id: string, action = 'backup.restore.approve') =>
  h.slack.clickAction({ channel: c.channel, messageTs: c.ts, actionId: action, value: id, user });
const audits = async (id: string) =>
  (await h.bot.store.queryAudit({ target: `restore:${id}` })).map((e) => e.action).reverse();

describe('/backup restore: a Restore Request through the shared approval model', () => {
  it('needs 2 of M approvals, refuses self-approval, then restores durably into the new database and says how to point the app at it', async () => {
    ({ h } = await backupHarness());
    expect(await ackOf(h, '/backup restore main daily-older --to main-restored')).toContain('Requesting the restore');
    const c = await card();
    expect(cardText(c)).toContain('Restore Request: main → main-restored');
    expect(cardText(c)).toContain('backup `daily-older`');
    expect(cardText(c)).toContain('0 of 2 required');
    const id = idOf(cardText(c));
    await h.slack.waitFor(() => ephemeralFor(h, ALEX).includes(`Restore request \`${id}\``));

    await click(c, ALEX, id);
    await h.slack.waitFor(() =>
      ephemeralFor(h, ALEX).includes('You requested this restore, so someone else has to approve it.'),
    );
    await click(c, SAM, id);
    await h.slack.waitFor(() => cardText(c).includes('1 of 2 required'));
    expect(h.firestore.restores).toHaveLength(0);
    await click(c, JO, id);
    await h.slack.waitFor(() => cardText(c).includes('Restored* into `main-restored`'), 15_000);
    expect(cardText(c)).toContain("getFirestore(app, 'main-restored')");
    const outcome = await h.slack.waitFor(() =>
      h.slack.messagesIn('ops').find((m) => m.threadTs === c.ts && m.text.includes('finished')),
    );
    expect(textOf(outcome)).toContain('Point the app at `main-restored`');
    expect(h.firestore.restores).toEqual([
      { kind: 'restore', target: 'main-restored', backup: 'projects/demo-project/locations/eur3/backups/daily-older' },
    ]);
    expect(h.firestore.databases.get('demo-project/main-restored')?.filling).toBe(false);
    expect(await audits(id)).toEqual([
      'backup.restore.request',
      'backup.restore.approve',
      'backup.restore.approve',
      'backup.restore.succeeded',
    ]);
  });

  it('--at clones at that point in time (databases:clone with pitrSnapshot); break-glass runs it without approvals', async () => {
    ({ h } = await backupHarness());
    const at = new Date(Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000).toISOString();
    await ackOf(h, `/backup restore main --at ${at} --to main-pitr --force "prod data loss"`);
    const c = await card();
    expect(cardText(c)).toContain('Break-glass');
    expect(cardText(c)).toContain('databases:clone (PITR)');
    await h.slack.waitFor(() => cardText(c).includes('Restored* into `main-pitr`'), 15_000);
    expect(h.firestore.restores).toEqual([{ kind: 'clone', target: 'main-pitr' }]);
    const id = idOf(cardText(c));
    expect(await audits(id)).toEqual(['backup.restore.break-glass', 'backup.restore.succeeded']);
  });

  it('a request nobody approves expires, audited', async () => {
    const { h: harness, clock } = await backupHarness();
    h = harness;
    await ackOf(h, '/backup restore main --to main-restored');
    const c = await card();
    const id = idOf(cardText(c));
    clock.advance(31 * 60_000); // deploy.approvalExpiryMinutes: 30
    await h.bot.ticker.runOnce(clock.now());
    await h.slack.waitFor(() => cardText(c).includes('Expired'));
    expect((await h.bot.store.get(RESTORE_REQUESTS, id))?.data.status).toBe('expired');
    expect(await audits(id)).toContain('backup.restore.expire');
  });

  it('answers bad input in the ack, saying what to do', async () => {
    ({ h } = await backupHarness());
    // An instance's first /backup loads the Firestore clients after its ack; from then on Firestore's answers fit in the ack.
    await ackOf(h, '/backup status');
    await h.slack.waitFor(() => h.slack.messagesIn('ops').find((m) => m.text.startsWith('Backup status')), 15_000);
    expect(await ackOf(h, '/backup restore nope --to x-restored')).toContain(
      'Unknown database \\"nope\\". Known databases: main, analytics.',
    );
    expect(await ackOf(h, '/backup restore main weekly-1999 --to main-x1')).toContain(
      'No READY backup \\"weekly-1999\\" of main. READY backups: daily-newest, daily-older.',
    );
    expect(await ackOf(h, '/backup restore main --to analytics')).toContain(
      'Database analytics exists already in demo-project, and a restore never overwrites one. Choose a new ID with --to.',
    );
    const old = `${new Date(Date.now() - 9 * 86_400_000).toISOString().slice(0, 16)}Z`;
    expect(await ackOf(h, `/backup restore main --at ${old} --to main-x2`)).toContain(
      'is outside the PITR window of main',
    );
    expect(await ackOf(h, '/backup restore main --at yesterday --to main-x3')).toContain(
      'is not a time: use ISO 8601 with a zone',
    );
    expect(await ackOf(h, '/backup restore main')).toContain('Say which new database to restore into with --to');
    expect(await ackOf(h, '/backup restore main --to Main_Copy')).toContain('is not a database ID');
    expect(await ackOf(h, '/backup status nope')).toContain('Unknown database \\"nope\\"');
    expect(await ackOf(h, '/backup drill nope')).toContain('Unknown database \\"nope\\"');
    expect(await ackOf(h, '/backup frobnicate')).toContain('Unknown subcommand');
    expect(await ackOf(h, '/backup restore main --to main-x4 --force "x"', SAM)).toContain(
      'Only the break-glass users',
    );
    expect(h.firestore.restores).toHaveLength(0);
    expect(h.slack.messagesIn('ops').filter((m) => m.text.startsWith('Restore Request:'))).toHaveLength(0);
  });
});

describe('scheduled drills: exactly once per occurrence across triggers and instances', () => {
  it('POST /jobs/backup-drill (shared secret) and the in-process cron of two instances start one drill per database', async () => {
    // The drills' in-process trigger on (the tests' config turns every in-process schedule off).
    const inProcess = (y: string) => {
      const changed = y.replace('inProcess: false                # on Cloud Run', 'inProcess: true # on');
      if (changed === y) throw new Error('backup.drill.inProcess not found in the test config');
      return changed;
    };
    ({ h } = await backupHarness({ change: inProcess }));
    const other = await h.startAnotherBot();
    const refused = await fetch(`${h.botUrl}/jobs/backup-drill`, { method: 'POST' });
    expect(refused.status).toBe(401);
    const trigger = () =>
      fetch(`${h.botUrl}/jobs/backup-drill`, { method: 'POST', headers: { 'x-chatops-secret': SECRET } });
    const first = await trigger();
    expect(first.status).toBe(202);
    const started = ((await first.json()) as { started: string[] }).started;
    expect(started.map((id) => id.split('-')[1])).toEqual(['main', 'analytics']);
    // The in-process trigger of both instances, just after the same occurrence (backup.drill.schedule: Sundays 04:00).
    const occurrence = latestOccurrence('0 4 * * SUN', 'Europe/Berlin', new Date())!;
    const tick = new Date(occurrence.getTime() + 60_000);
    await Promise.all([h.bot.ticker.runOnce(tick), other.ticker.runOnce(tick)]);
    const again = await trigger();
    expect(again.status).toBe(200);
    expect(((await again.json()) as { status: string }).status).toBe('already-started');
    await until(
      async () =>
        h.slack.messagesIn('ops').filter((m) => /^Backup Drill: \S+ — (passed|FAILED)/.test(textOf(m))).length >= 2
          ? true
          : undefined,
      20_000,
    );
    expect(h.firestore.restores).toHaveLength(2);
    expect(h.slack.messagesIn('ops').filter((m) => m.text.startsWith('Backup Drill:'))).toHaveLength(2);
  });
});
