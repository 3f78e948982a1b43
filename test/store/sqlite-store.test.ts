/** SQLite-only behaviour: durability across close and reopen, file layout, pragmas. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { collection } from '../../src/domain/collection.js';

const LOCKS = collection('locks', z.object({ owner: z.string() }));
const NUMBERS = collection('c', z.object({ n: z.number() }));

describe('sqlite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('survives close and reopen (durability across restart)', async () => {
    const path = join(dir, 'nested', 'deeper', 'bot.db'); // parent directories are created
    const first = openSqliteStore(path);
    await first.create(LOCKS, 'api', { owner: 'U1' });
    await first.compareAndSet(LOCKS, 'api', 1, { owner: 'U2' });
    const event = await first.appendAudit({
      actor: 'U2',
      action: 'lock.take',
      target: 'service:api',
      details: { why: 'deploy' },
    });
    await first.close();
    expect(existsSync(path)).toBe(true);

    const second = openSqliteStore(path);
    expect(await second.get(LOCKS, 'api')).toMatchObject({ version: 2, data: { owner: 'U2' } });
    expect(await second.queryAudit({ target: 'service:api' })).toEqual([event]);
    expect(await second.create(LOCKS, 'api', { owner: 'U3' })).toBeNull();
    expect((await second.compareAndSet(LOCKS, 'api', 2, { owner: 'U3' }))?.version).toBe(3);
    await second.close();
  });

  it('uses WAL mode, and the schema survives reopening (append-only triggers included)', async () => {
    const path = join(dir, 'bot.db');
    await openSqliteStore(path).close();
    const store = openSqliteStore(path);
    await store.appendAudit({ actor: 'U1', action: 'a', target: 't', details: {} });
    const raw = new DatabaseSync(path);
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    expect(() => raw.exec('DELETE FROM audit')).toThrow(/append-only/);
    raw.close();
    await store.close();
  });

  it('shares one file between two open stores (two processes) without double writes', async () => {
    const path = join(dir, 'shared.db');
    const a = openSqliteStore(path);
    const b = openSqliteStore(path);
    expect(await a.create(LOCKS, 'api', { owner: 'a' })).not.toBeNull();
    expect(await b.create(LOCKS, 'api', { owner: 'b' })).toBeNull();
    const [ra, rb] = await Promise.all([
      a.compareAndSet(LOCKS, 'api', 1, { owner: 'a2' }),
      b.compareAndSet(LOCKS, 'api', 1, { owner: 'b2' }),
    ]);
    expect([ra, rb].filter((r) => r !== null)).toHaveLength(1);
    expect((await b.get(LOCKS, 'api'))?.version).toBe(2);
    await a.close();
    await b.close();
  });

  it("supports ':memory:'", async () => {
    const store = openSqliteStore(':memory:');
    await store.create(NUMBERS, 'x', { n: 1 });
    expect((await store.get(NUMBERS, 'x'))?.data).toEqual({ n: 1 });
    await store.close();
  });
});
