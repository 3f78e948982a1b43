import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFirestoreBackups } from '../../src/adapters/firestore-admin/index.js';
import { googleCredentialsFor } from '../../src/adapters/google-auth.js';
import { MissingRole } from '../../src/domain/backup.js';
import type { FirestoreBackups } from '../../src/ports/firestore-backups.js';
import { DEMO_FIRESTORE_PROJECT as P, seedDemoFirestore } from '../../sandbox/firestore-admin/demo.js';
import { FirestoreAdminStandin } from '../../sandbox/firestore-admin/standin.js';
import { sourceReadTime } from '../../src/workflows/backup/verify.js';

let standin: FirestoreAdminStandin;
let fs: FirestoreBackups;
const main = { project: P, database: '(default)' };

beforeEach(async () => {
  standin = seedDemoFirestore(new FirestoreAdminStandin({ operationMs: 200 }), new Date());
  await standin.start();
  fs = createFirestoreBackups({
    endpoint: standin.url,
    credentials: googleCredentialsFor(standin.url),
    retry: { attempts: 1 },
  });
});
afterEach(async () => {
  await fs.close();
  await standin.close();
});

describe('the Firestore Admin adapter through the real v1 clients (REST) and the stand-in', () => {
  it('reads a database, its schedules and backups', async () => {
    const db = await fs.getDatabase(main);
    expect(db?.pitr).toBe(true);
    expect(db?.earliestVersionTime).toMatch(/^\d{4}-/);
    expect(await fs.getDatabase({ project: P, database: 'nope' })).toBeNull();
    const schedules = await fs.listSchedules(main);
    expect(schedules.map((s) => [s.recurrence, s.day, s.retentionMs / 86_400_000])).toEqual([
      ['daily', undefined, 14],
      ['weekly', 'SUNDAY', 56],
    ]);
    const backups = await fs.listBackups(P);
    expect(backups.map((b) => [b.state, b.documentCount])).toContainEqual(['READY', 46]);
    expect(backups.map((b) => b.state)).toContain('CREATING');
  });

  it('restores a backup, waits for the operation and reads the restored documents', async () => {
    const newest = (await fs.listBackups(P)).find((b) => b.name.endsWith('/daily-newest'))!;
    standin.hangOperations = true; // until finishOperations: no wall-clock timing
    const op = await fs.restore(P, 'drill-test-1', newest.name);
    expect(op).toMatch(/^projects\/demo-project\/databases\/drill-test-1\/operations\//);
    expect(await fs.getOperation(op)).toMatchObject({ done: false });
    standin.finishOperations();
    expect(await fs.getOperation(op)).toMatchObject({ done: true, progressPercent: 100 });
    const restored = { project: P, database: 'drill-test-1' };
    expect(await fs.collectionIds(restored)).toEqual(['orders', 'products', 'users']);
    expect(await fs.count(restored, 'orders')).toBe(26);
    expect(await fs.count(main, 'orders', sourceReadTime(newest.snapshotTime!, new Date()))).toBe(26);
    expect(await fs.count(main, 'orders')).toBe(31);
    const sample = await fs.sample(restored, 'products', 3);
    expect(sample.map((d) => d.path)).toEqual(['products/p001', 'products/p002', 'products/p003']);
    const source = await fs.getDocuments(
      main,
      sample.map((d) => d.path),
      sourceReadTime(newest.snapshotTime!, new Date()),
    );
    expect(source).toEqual(sample);
    await fs.deleteDatabase(restored);
    expect(await fs.getDatabase(restored)).toBeNull();
    await fs.deleteDatabase(restored); // gone already: fine
  });

  it('clones at a point in time', async () => {
    const at = new Date(Date.now() - 3_600_000).toISOString();
    standin.hangOperations = true;
    const op = await fs.clone(P, 'clone-test', main, at);
    standin.finishOperations();
    expect((await fs.getOperation(op)).done).toBe(true);
    expect(await fs.count({ project: P, database: 'clone-test' }, 'orders')).toBe(31);
  });

  it('names the role to grant when Firestore refuses', async () => {
    standin.denyPermission(/backups$/, 'datastore.backups.list');
    const error = await fs.listBackups(P).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingRole);
    expect((error as MissingRole).role).toBe('roles/datastore.backupsViewer');
  });
});
