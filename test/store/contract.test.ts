/**
 * The Store contract: the same cases on every adapter. Firestore runs against Google's emulator on
 * 127.0.0.1 (started once for the file); without the emulator it is skipped locally and fails in CI.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openFirestoreStore } from '../../src/adapters/firestore/firestore-store.js';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { collection } from '../../src/domain/collection.js';
import { PortError } from '../../src/domain/errors.js';
import type { Store } from '../../src/ports/store.js';
import {
  type FirestoreEmulator,
  firestoreEmulatorSkipReason,
  startFirestoreEmulator,
} from '../support/firestore-emulator.js';

interface Harness {
  name: 'sqlite' | 'firestore';
  /** Why this adapter is skipped here, if it is. */
  skip?: string | undefined;
  setup(): Promise<void>;
  /** A fresh, empty store for one test. */
  open(): Promise<Store>;
  teardown(): Promise<void>;
  /** The only `host:port`s the store may connect to. */
  allowedConnections(): string[];
  /** Tries to change the audit log behind the port's back (only where the backend can refuse it). */
  tamperWithAudit?: (() => { update(): void; remove(): void }) | undefined;
}

function sqliteHarness(): Harness {
  let dir = '';
  let n = 0;
  let current = '';
  return {
    name: 'sqlite',
    async setup() {
      dir = mkdtempSync(join(tmpdir(), 'store-contract-'));
    },
    async open() {
      current = join(dir, `store-${++n}.db`);
      return openSqliteStore(current);
    },
    async teardown() {
      rmSync(dir, { recursive: true, force: true });
    },
    allowedConnections: () => [],
    tamperWithAudit() {
      const rawExec = (sql: string) => {
        const raw = new DatabaseSync(current); // a second connection, behind the store's back
        try {
          raw.exec(sql);
        } finally {
          raw.close();
        }
      };
      return {
        update: () => rawExec("UPDATE audit SET actor = 'mallory'"),
        remove: () => rawExec('DELETE FROM audit'),
      };
    },
  };
}

function firestoreHarness(): Harness {
  let emulator: FirestoreEmulator | undefined;
  return {
    name: 'firestore',
    skip: firestoreEmulatorSkipReason(),
    async setup() {
      emulator = await startFirestoreEmulator();
      console.info(`[store contract] Firestore emulator on ${emulator.host} answered after ${emulator.startupMs} ms`);
    },
    async open() {
      if (emulator === undefined) throw new Error('Firestore emulator did not start');
      await emulator.clear();
      return openFirestoreStore({ projectId: emulator.projectId, emulatorHost: emulator.host });
    },
    async teardown() {
      await emulator?.stop();
    },
    allowedConnections: () => (emulator === undefined ? [] : [emulator.host]),
  };
}

const harnesses = [sqliteHarness(), firestoreHarness()];
for (const h of harnesses) {
  if (h.skip !== undefined) console.warn(`[store contract] SKIPPING ${h.name}: ${h.skip}`);
}

/** Records every TCP connection (host:port) made from now into `seen`; returns the function that stops it. */
function recordConnections(seen: string[]): () => void {
  const guarded = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function recording(this: net.Socket, ...args: unknown[]) {
    const first = args[0];
    const options = (Array.isArray(first) ? first[0] : first) as
      | { host?: string; port?: number; path?: string }
      | number;
    if (typeof options === 'object' && options !== null && options.path === undefined)
      seen.push(`${options.host}:${options.port}`);
    if (typeof options === 'number') seen.push(`${String(args[1])}:${options}`);
    return (guarded as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
  return () => {
    net.Socket.prototype.connect = guarded;
  };
}

/** Collections of any JSON: these cases are about storage; the shape checks have cases of their own. */
const anyData = (name: string) => collection(name, z.unknown());
const NET = anyData('net');
const LOCKS = anyData('locks');
const DEPLOYS = anyData('deploys');
const SERVICES = anyData('services');
const OTHER = anyData('other');
const ONCE = anyData('once');
const BLOBS = anyData('blobs');
const BAD_NAME = anyData('bad/collection');
/** A typed collection, and the same name without a schema, to store what the typed one must refuse to read. */
const THINGS = collection('things', z.object({ n: z.number(), tag: z.string().optional() }));
const THINGS_UNCHECKED = anyData('things');

const T0 = new Date('2026-01-01T00:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1_000);

describe.each(harnesses)('Store contract: $name', (harness) => {
  let store: Store;

  if (harness.skip !== undefined) {
    it.skip(`skipped: ${harness.skip}`, () => undefined);
    return;
  }

  /** Every connection any store of this file makes: gRPC shares one connection among a process's Firestore clients. */
  const connections: string[] = [];
  let stopRecording: () => void = () => undefined;
  beforeAll(async () => {
    await harness.setup();
    stopRecording = recordConnections(connections);
  });
  afterAll(async () => {
    stopRecording();
    await harness.teardown();
  });
  beforeEach(async () => {
    store = await harness.open();
  });
  afterEach(async () => {
    await store?.close();
  });

  it('reports its kind', () => {
    expect(store.kind).toBe(harness.name);
  });

  it('connects to nothing but its own backend (no credentials, metadata server or Google host)', async () => {
    // The stores opened before this one count too: this one may ride on their connection.
    const fresh = await harness.open();
    await fresh.create(NET, 'a', { n: 1 });
    await fresh.compareAndSet(NET, 'a', 1, { n: 2 });
    await fresh.appendAudit({ actor: 'U1', action: 'a', target: 't', details: {} });
    await fresh.queryAudit({ target: 't' });
    await fresh.list(NET, { where: { n: 2 } });
    await fresh.close();
    const allowed = harness.allowedConnections();
    expect(connections.filter((hostPort) => !allowed.includes(hostPort))).toEqual([]);
    if (allowed[0] !== undefined) expect(connections).toContain(allowed[0]); // the recorder does see connections
  });

  describe('audit', () => {
    it('appends and queries by target, newest first, with a limit', async () => {
      const first = await store.appendAudit({
        actor: 'U1',
        action: 'deploy.request',
        target: 'service:api/prod',
        at: at(1),
        details: { sha: 'abc' },
      });
      await store.appendAudit({
        actor: 'U2',
        action: 'deploy.approve',
        target: 'service:api/prod',
        at: at(2),
        details: {},
      });
      await store.appendAudit({
        actor: 'U3',
        action: 'ops.status',
        target: 'service:web/prod',
        at: at(3),
        details: {},
      });
      const last = await store.appendAudit({
        actor: 'system',
        action: 'deploy.done',
        target: 'service:api/prod',
        at: at(4),
        details: { ok: true },
      });

      expect(first.id).toEqual(expect.any(String));
      expect(first.at).toEqual(at(1));
      expect(first.details).toEqual({ sha: 'abc' });

      const api = await store.queryAudit({ target: 'service:api/prod' });
      expect(api.map((e) => e.action)).toEqual(['deploy.done', 'deploy.approve', 'deploy.request']);
      expect(api[0]).toEqual(last);
      expect(api[2]).toEqual(first);

      const all = await store.queryAudit({});
      expect(all.map((e) => e.actor)).toEqual(['system', 'U3', 'U2', 'U1']);

      const two = await store.queryAudit({ target: 'service:api/prod', limit: 2 });
      expect(two.map((e) => e.action)).toEqual(['deploy.done', 'deploy.approve']);
      expect(await store.queryAudit({ target: 'service:nothing' })).toEqual([]);
    });

    it('queries a time window [since, until), with and without a target', async () => {
      for (let s = 0; s < 5; s++) {
        await store.appendAudit({
          actor: 'U1',
          action: `a${s}`,
          target: s % 2 === 0 ? 'even' : 'odd',
          at: at(s),
          details: {},
        });
      }
      const window = await store.queryAudit({ since: at(1), until: at(4) });
      expect(window.map((e) => e.action)).toEqual(['a3', 'a2', 'a1']);
      const evenWindow = await store.queryAudit({ target: 'even', since: at(2), until: at(5) });
      expect(evenWindow.map((e) => e.action)).toEqual(['a4', 'a2']);
      const sinceOnly = await store.queryAudit({ target: 'odd', since: at(3) });
      expect(sinceOnly.map((e) => e.action)).toEqual(['a3']);
      const untilOnly = await store.queryAudit({ until: at(1) });
      expect(untilOnly.map((e) => e.action)).toEqual(['a0']);
    });

    it('returns at most 100 events by default, and the newest', async () => {
      await Promise.all(
        Array.from({ length: 105 }, (_, i) =>
          store.appendAudit({ actor: 'U', action: `n${i}`, target: 't', at: at(i), details: {} }),
        ),
      );
      const events = await store.queryAudit({ target: 't' });
      expect(events).toHaveLength(100);
      expect(events[0]?.action).toBe('n104');
      expect(events[99]?.action).toBe('n5');
    });

    it('is append-only: events at the same instant never overwrite each other and keep their order', async () => {
      const first = await store.appendAudit({
        actor: 'U1',
        action: 'x.first',
        target: 't',
        at: at(0),
        details: { n: 1 },
      });
      for (let i = 0; i < 20; i++)
        await store.appendAudit({ actor: 'U2', action: `x.${i}`, target: 't', at: at(0), details: {} });
      const events = await store.queryAudit({ target: 't' });
      expect(new Set(events.map((e) => e.id)).size).toBe(21);
      expect(events.at(-1)).toEqual(first);
      expect(events[0]?.action).toBe('x.19');
      expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort().reverse());
    });

    it.runIf(harness.tamperWithAudit !== undefined)(
      'refuses UPDATE and DELETE of audit rows in the database itself',
      async () => {
        await store.appendAudit({ actor: 'U1', action: 'a', target: 't', at: at(0), details: {} });
        const tamper = harness.tamperWithAudit!();
        expect(() => tamper.update()).toThrow(/append-only/);
        expect(() => tamper.remove()).toThrow(/append-only/);
        const [event] = await store.queryAudit({});
        expect(event?.actor).toBe('U1');
      },
    );
  });

  describe('records', () => {
    it('get of a missing record is null', async () => {
      expect(await store.get(LOCKS, 'nope')).toBeNull();
    });

    it('create is create-if-absent: the second create returns null and keeps the first data', async () => {
      const created = await store.create(LOCKS, 'api', { owner: 'U1' });
      expect(created).toMatchObject({ id: 'api', version: 1, data: { owner: 'U1' } });
      expect(created?.updatedAt).toBeInstanceOf(Date);
      expect(await store.create(LOCKS, 'api', { owner: 'U2' })).toBeNull();
      const stored = await store.get(LOCKS, 'api');
      expect(stored).toMatchObject({ id: 'api', version: 1, data: { owner: 'U1' } });
      expect(stored?.updatedAt.getTime()).toBe(created?.updatedAt.getTime());
    });

    it('keeps collections apart', async () => {
      await store.create(LOCKS, 'same', { c: 'locks' });
      expect(await store.create(DEPLOYS, 'same', { c: 'deploys' })).not.toBeNull();
      expect((await store.get(LOCKS, 'same'))?.data).toEqual({ c: 'locks' });
      expect((await store.get(DEPLOYS, 'same'))?.data).toEqual({ c: 'deploys' });
    });

    it('compareAndSet at the current version increments the version and stores the data', async () => {
      await store.create(DEPLOYS, 'd1', { state: 'requested' });
      const v2 = await store.compareAndSet(DEPLOYS, 'd1', 1, { state: 'approved', by: 'U2' });
      expect(v2).toMatchObject({ id: 'd1', version: 2, data: { state: 'approved', by: 'U2' } });
      const v3 = await store.compareAndSet(DEPLOYS, 'd1', 2, { state: 'done' });
      expect(v3?.version).toBe(3);
      const stored = await store.get(DEPLOYS, 'd1');
      expect(stored).toMatchObject({ version: 3 });
      expect(stored?.data).toEqual({ state: 'done' }); // replaced, not merged: "by" is gone
      expect(stored?.updatedAt.getTime()).toBe(v3?.updatedAt.getTime());
    });

    it('a stale compareAndSet returns null and changes nothing; so does one on a missing record', async () => {
      await store.create(DEPLOYS, 'd1', { state: 'requested' });
      await store.compareAndSet(DEPLOYS, 'd1', 1, { state: 'approved' });
      const before = await store.get(DEPLOYS, 'd1');
      expect(await store.compareAndSet(DEPLOYS, 'd1', 1, { state: 'rejected' })).toBeNull();
      expect(await store.compareAndSet(DEPLOYS, 'd1', 7, { state: 'rejected' })).toBeNull();
      expect(await store.get(DEPLOYS, 'd1')).toEqual(before);
      expect(await store.compareAndSet(DEPLOYS, 'missing', 1, { state: 'x' })).toBeNull();
      expect(await store.get(DEPLOYS, 'missing')).toBeNull();
    });

    it('20 concurrent compareAndSet attempts at version 1: exactly one wins', async () => {
      await store.create(DEPLOYS, 'race', { winner: null });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.compareAndSet(DEPLOYS, 'race', 1, { winner: i })),
      );
      const winners = results.filter((r) => r !== null);
      expect(winners).toHaveLength(1);
      const final = await store.get(DEPLOYS, 'race');
      expect(final?.version).toBe(2);
      expect(final?.data).toEqual(winners[0]?.data);
    });

    it('lists with where, orderBy and limit', async () => {
      const services = [
        { id: 'api', data: { env: 'prod', cpu: 2, public: true, name: 'api' } },
        { id: 'web', data: { env: 'prod', cpu: 1, public: true, name: 'web' } },
        { id: 'jobs', data: { env: 'prod', cpu: 4, public: false, name: 'jobs' } },
        { id: 'api-stg', data: { env: 'staging', cpu: 1, public: true, name: 'api' } },
        { id: 'odd', data: { env: 'prod', cpu: '3', public: 'true' } },
      ];
      for (const s of services) await store.create(SERVICES, s.id, s.data);
      await store.create(OTHER, 'x', { env: 'prod' });

      const ids = async (query: Parameters<Store['list']>[1]) => (await store.list(SERVICES, query)).map((r) => r.id);
      expect(await ids(undefined)).toEqual(['api', 'api-stg', 'jobs', 'odd', 'web']);
      expect(await ids({ where: { env: 'prod' } })).toEqual(['api', 'jobs', 'odd', 'web']);
      expect(await ids({ where: { env: 'prod', public: true } })).toEqual(['api', 'web']);
      expect(await ids({ where: { cpu: 1 } })).toEqual(['api-stg', 'web']);
      expect(await ids({ where: { cpu: 3 } })).toEqual([]); // "3" is a string: equality is type-strict
      expect(await ids({ where: { public: false } })).toEqual(['jobs']);
      expect(await ids({ where: { missing: 'x' } })).toEqual([]);
      // Records without the sort field are left out (Firestore semantics); ties sort by id.
      expect(await ids({ orderBy: { field: 'name', direction: 'asc' } })).toEqual(['api', 'api-stg', 'jobs', 'web']);
      expect(await ids({ where: { env: 'prod', public: true }, orderBy: { field: 'cpu', direction: 'desc' } })).toEqual(
        ['api', 'web'],
      );
      // Mixed types sort numbers before strings on both backends, so the string "3" comes first in desc.
      expect(await ids({ where: { env: 'prod' }, orderBy: { field: 'cpu', direction: 'desc' }, limit: 3 })).toEqual([
        'odd',
        'jobs',
        'api',
      ]);
      expect(await ids({ limit: 2 })).toEqual(['api', 'api-stg']);
      expect(await ids({ limit: 0 })).toEqual([]);

      const [first] = await store.list(SERVICES, { where: { name: 'api', env: 'staging' } });
      expect(first).toMatchObject({ id: 'api-stg', version: 1, data: { cpu: 1 } });
    });

    it('rejects field names that are not [A-Za-z0-9_] and invalid ids or collections, as PortError invalid', async () => {
      const invalid = { name: 'PortError', code: 'invalid' };
      await expect(store.list(SERVICES, { where: { 'a.b': 1 } })).rejects.toMatchObject(invalid);
      await expect(store.list(SERVICES, { where: { "x') OR 1=1 --": 1 } })).rejects.toMatchObject(invalid);
      await expect(store.list(SERVICES, { orderBy: { field: '$.x', direction: 'asc' } })).rejects.toMatchObject(
        invalid,
      );
      await expect(store.list(SERVICES, { limit: -1 })).rejects.toBeInstanceOf(PortError);
      await expect(store.get(SERVICES, 'a/b')).rejects.toMatchObject(invalid);
      await expect(store.create(BAD_NAME, 'a', {})).rejects.toMatchObject(invalid);
      await expect(store.create(SERVICES, 'nested', { matrix: [[1, 2]] })).rejects.toMatchObject(invalid);
      await expect(store.create(SERVICES, 'undef', undefined)).rejects.toMatchObject(invalid);
      expect(await store.get(SERVICES, 'nested')).toBeNull();
    });

    it('delete removes the record only at the right version', async () => {
      await store.create(LOCKS, 'api', { owner: 'U1' });
      await store.compareAndSet(LOCKS, 'api', 1, { owner: 'U2' });
      expect(await store.delete(LOCKS, 'api', 1)).toBe(false);
      expect((await store.get(LOCKS, 'api'))?.version).toBe(2);
      expect(await store.delete(LOCKS, 'api', 2)).toBe(true);
      expect(await store.get(LOCKS, 'api')).toBeNull();
      expect(await store.delete(LOCKS, 'api', 2)).toBe(false);
      // After a delete the id can be created again, from version 1.
      expect((await store.create(LOCKS, 'api', { owner: 'U3' }))?.version).toBe(1);
    });

    it('claim: create-if-absent of a short-lived key; exactly one of 20 concurrent claims wins; an expired key is claimed again', async () => {
      const later = new Date(Date.now() + 60_000);
      expect(await store.claim('once', 'k1', later)).toBe(true);
      expect(await store.claim('once', 'k1', later)).toBe(false);
      expect(await store.claim('other', 'k1', later)).toBe(true); // collections apart
      expect(await store.create(ONCE, 'k1', { a: 1 })).not.toBeNull(); // and apart from records
      const racers = await Promise.all(Array.from({ length: 20 }, () => store.claim('once', 'race', later)));
      expect(racers.filter(Boolean)).toHaveLength(1);
      expect(await store.claim('once', 'gone', new Date(Date.now() - 1000))).toBe(true);
      expect(await store.claim('once', 'gone', later)).toBe(true); // its time had passed
      expect(await store.claim('once', 'gone', later)).toBe(false);
      await expect(store.claim('bad/collection', 'x', later)).rejects.toMatchObject({
        name: 'PortError',
        code: 'invalid',
      });
      await expect(store.claim('once', 'a/b', later)).rejects.toMatchObject({ name: 'PortError', code: 'invalid' });
    });

    it('releaseExpiredClaims removes the keys that expired before the time given, at most `limit` a call', async () => {
      const base = Date.now() + 3_600_000; // all still live by the clock; the time given decides
      const after = (seconds: number) => new Date(base + seconds * 1000);
      for (let i = 0; i < 5; i++) await store.claim('once', `old-${i}`, after(i));
      await store.claim('once', 'new', after(100));
      await store.claim('other', 'old', after(0));
      expect(await store.releaseExpiredClaims('once', after(50), 3)).toBe(3);
      expect(await store.releaseExpiredClaims('once', after(50), 3)).toBe(2);
      expect(await store.releaseExpiredClaims('once', after(50), 3)).toBe(0);
      expect(await store.claim('once', 'old-0', after(200))).toBe(true); // released
      expect(await store.claim('once', 'new', after(200))).toBe(false); // the live key stayed…
      expect(await store.releaseExpiredClaims('other', after(1))).toBe(1); // …and so did the other collection's, until asked
    });

    it('round-trips nested JSON data; Dates become ISO strings and undefined properties disappear', async () => {
      const data = {
        text: 'héllo "quoted" \u{1F680}',
        int: 42,
        float: -1.5,
        big: 2 ** 52,
        flag: false,
        nothing: null,
        list: [1, 'two', { three: 3, four: [4] }, {}, null],
        deep: { a: { b: { c: { d: ['e', { f: true }] } } } },
        emptyObject: {},
        when: new Date('2026-02-03T04:05:06.789Z'),
        gone: undefined,
      };
      const expected = JSON.parse(JSON.stringify(data)) as unknown;
      const created = await store.create(BLOBS, 'b1', data);
      expect(created?.data).toEqual(expected);
      expect((await store.get(BLOBS, 'b1'))?.data).toEqual(expected);
      const updated = await store.compareAndSet(BLOBS, 'b1', 1, { ...data, int: 43 });
      expect((await store.get(BLOBS, 'b1'))?.data).toEqual(updated?.data);
      expect(((await store.get(BLOBS, 'b1'))?.data as { when: unknown }).when).toBe('2026-02-03T04:05:06.789Z');

      const event = await store.appendAudit({
        actor: 'U1',
        action: 'a',
        target: 't',
        details: { nested: { when: new Date(0) } },
      });
      expect(event.details).toEqual({ nested: { when: '1970-01-01T00:00:00.000Z' } });
      expect((await store.queryAudit({ target: 't' }))[0]).toEqual(event);
    });

    it('reads through the token: the shape is checked and the data typed; fields the schema does not list are kept', async () => {
      await store.create(THINGS, 't1', { n: 1 });
      const read = await store.get(THINGS, 't1');
      const n: number | undefined = read?.data.n; // typed by the token, no type argument
      expect(n).toBe(1);
      await store.create(THINGS_UNCHECKED, 'newer', { n: 2, tag: 'b', addedLater: { x: true } });
      // A newer bot's field survives an older bot's read-modify-write.
      const newer = await store.get(THINGS, 'newer');
      expect(newer?.data).toEqual({ n: 2, tag: 'b', addedLater: { x: true } });
      await store.compareAndSet(THINGS, 'newer', 1, { ...newer!.data, n: 3 });
      expect((await store.get(THINGS_UNCHECKED, 'newer'))?.data).toEqual({ n: 3, tag: 'b', addedLater: { x: true } });
      expect((await store.list(THINGS, { orderBy: { field: 'n', direction: 'asc' } })).map((r) => r.data.n)).toEqual([
        1, 3,
      ]);
    });

    it('a stored record that does not match its schema fails get and list with PortError invalid naming it', async () => {
      await store.create(THINGS, 'good', { n: 1 });
      await store.create(THINGS_UNCHECKED, 'bad', { n: 'one', tag: 7 });
      const expected = {
        name: 'PortError',
        code: 'invalid',
        backend: harness.name === 'sqlite' ? 'SQLite' : 'Firestore',
        message: expect.stringMatching(/^Stored record things\/bad does not match its schema: n: .*number.*; tag: /),
      };
      await expect(store.get(THINGS, 'bad')).rejects.toMatchObject(expected);
      await expect(store.list(THINGS)).rejects.toMatchObject(expected);
      expect((await store.get(THINGS, 'good'))?.data).toEqual({ n: 1 }); // the others still read
      expect(await store.delete(THINGS, 'bad', 1)).toBe(true); // and the bad one can be removed
      expect((await store.list(THINGS)).map((r) => r.id)).toEqual(['good']);
    });

    it('fails with PortError unavailable after close', async () => {
      await store.close();
      await expect(store.get(LOCKS, 'api')).rejects.toMatchObject({ name: 'PortError', code: 'unavailable' });
    });
  });
});
