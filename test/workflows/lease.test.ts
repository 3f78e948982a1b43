/**
 * The lease primitive on its own, on the SQLite store with an injected clock: claim, renew, lost lease,
 * takeover after expiry, release, and hand-over at shutdown. Two "instances" are two contexts sharing a store.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import { createLogger } from '../../src/logging/logger.js';
import type { Store } from '../../src/ports/store.js';
import {
  claimLease,
  HandedOver,
  isLeased,
  type Leasable,
  type LeaseContext,
  LeaseLost,
  type LeaseTerms,
  leaseFor,
  withoutLease,
} from '../../src/workflows/lease.js';
import { Drivers } from '../../src/workflows/lease-drivers.js';

/** A record of a feature still to come (a backup restore drill): the primitive knows nothing of it. */
interface Drill extends Leasable {
  state: 'queued' | 'running' | 'done';
  runs: number;
}

const DRILLS: LeaseTerms = { collection: 'drills', noun: 'restore drill', ms: 60_000 };
const T0 = Date.parse('2026-11-24T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();

let dir = '';
let n = 0;
let store: Store;
let now = T0;
/** Sleeps that never end by themselves: only a shutdown cuts them short. */
const clock = { now: () => new Date(now), sleep: () => new Promise<void>(() => undefined) };
const instance = (instanceId: string): LeaseContext => ({ store, clock, instanceId, drivers: new Drivers() });
let a: LeaseContext;
let b: LeaseContext;

const read = async (id = 'd1') => (await store.get<Drill>('drills', id))?.data;
const start = (d: Drill) => {
  if (d.state === 'done') return false;
  d.state = 'running';
  d.runs += 1;
  return true;
};

beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'lease-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  store = await openSqliteStore(join(dir, `store-${++n}.db`));
  now = T0;
  a = instance('a');
  b = instance('b');
  await store.create<Drill>('drills', 'd1', { state: 'queued', runs: 0 });
});
afterEach(async () => {
  vi.useRealTimers();
  await store.close();
});

describe('claim', () => {
  it('takes a free record for this instance, changing it as it is taken; no one else while the lease lives', async () => {
    const held = await claimLease<Drill>(a, DRILLS, 'd1', { take: start });
    expect(held?.record).toEqual({ state: 'running', runs: 1, lease: { owner: 'a', until: iso(T0 + 60_000) } });
    expect(await read()).toEqual(held?.record);
    now += 59_000;
    expect(await claimLease<Drill>(b, DRILLS, 'd1', { take: start })).toBeNull();
    expect(isLeased((await read())!, new Date(now))).toBe(true);
    expect((await read())?.runs).toBe(1);
  });

  it('an instance claims again what it holds itself (e.g. a lease written with an approval), and says it is its own', async () => {
    const approved = await store.get<Drill>('drills', 'd1');
    await store.compareAndSet<Drill>('drills', 'd1', approved!.version, {
      ...approved!.data,
      lease: leaseFor(a, DRILLS),
    });
    const seen: boolean[] = [];
    const held = await claimLease<Drill>(a, DRILLS, 'd1', { take: (_d, ours) => seen.push(ours) > 0 });
    expect(held).not.toBeNull();
    expect(seen).toEqual([true]);
  });

  it('refused by `take`, or no record: null, and nothing written', async () => {
    await store.create<Drill>('drills', 'done', { state: 'done', runs: 1 });
    expect(await claimLease<Drill>(a, DRILLS, 'done', { take: start })).toBeNull();
    expect(await read('done')).toEqual({ state: 'done', runs: 1 });
    expect(await claimLease<Drill>(a, DRILLS, 'missing')).toBeNull();
  });

  it('creates the record, leased, when asked to and it does not exist; once', async () => {
    const fresh: Drill = { state: 'running', runs: 1 };
    const first = await claimLease<Drill>(a, DRILLS, 'd2', { create: fresh });
    expect(first?.record).toEqual({ ...fresh, lease: { owner: 'a', until: iso(T0 + 60_000) } });
    expect(await claimLease<Drill>(b, DRILLS, 'd2', { create: fresh })).toBeNull();
  });

  it('a token per claim keeps two claims of one instance apart', async () => {
    expect(await claimLease<Drill>(a, DRILLS, 'd1', { owner: 'a:schedule:1' })).not.toBeNull();
    expect(await claimLease<Drill>(a, DRILLS, 'd1', { owner: 'a:http:2' })).toBeNull();
  });
});

describe('renew, lose, take over', () => {
  it('every write renews the lease; the change and the renewal are one write', async () => {
    const held = (await claimLease<Drill>(a, DRILLS, 'd1', { take: start }))!;
    now += 45_000;
    await held.save((d) => void (d.runs = 7));
    expect(await read()).toEqual({ state: 'running', runs: 7, lease: { owner: 'a', until: iso(now + 60_000) } });
    expect(held.record.runs).toBe(7);
  });

  it('renews while one long call works, however long it takes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const held = (await claimLease<Drill>(a, DRILLS, 'd1'))!;
    let finish: () => void = () => undefined;
    const call = held.renewing(() => new Promise<void>((resolve) => (finish = resolve)));
    for (let i = 1; i <= 5; i += 1) {
      now = T0 + i * 20_000;
      await vi.advanceTimersByTimeAsync(20_000); // every third of the lease
      await vi.waitFor(async () => expect((await read())?.lease?.until).toBe(iso(now + 60_000)));
    }
    finish();
    await call;
    now += 20_000;
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await read())?.lease?.until).toBe(iso(T0 + 160_000)); // no renewal once the call is over
  });

  it('after the lease ran out another instance takes over; the first one`s next write is LeaseLost', async () => {
    const first = (await claimLease<Drill>(a, DRILLS, 'd1', { take: start }))!;
    now += 60_000; // until is exclusive: run out now
    const second = await claimLease<Drill>(b, DRILLS, 'd1', { take: start });
    expect(second?.record).toMatchObject({ runs: 2, lease: { owner: 'b' } });
    const lost = await first.save((d) => void (d.runs = 99)).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(LeaseLost);
    expect(lost).not.toBeInstanceOf(HandedOver);
    expect((lost as Error).message).toBe('another instance took over restore drill d1');
    await first.release(); // not its lease any more: nothing happens
    expect(await read()).toMatchObject({ runs: 2, lease: { owner: 'b' } });
  });

  it('`expiredOnly` waits for this instance`s own lease to run out too', async () => {
    await claimLease<Drill>(a, DRILLS, 'd1');
    now += 30_000;
    expect(await claimLease<Drill>(a, DRILLS, 'd1', { expiredOnly: true })).toBeNull();
    now += 30_000;
    expect(await claimLease<Drill>(a, DRILLS, 'd1', { expiredOnly: true })).not.toBeNull();
  });

  it('a record gone under the holder is LeaseLost too', async () => {
    const held = (await claimLease<Drill>(a, DRILLS, 'd1'))!;
    const stored = await store.get<Drill>('drills', 'd1');
    await store.delete('drills', 'd1', stored!.version);
    await expect(held.save(() => undefined)).rejects.toThrow(new LeaseLost('restore drill d1 no longer exists'));
  });
});

describe('release', () => {
  it('`complete` writes the last change and drops the lease in the same write', async () => {
    const held = (await claimLease<Drill>(a, DRILLS, 'd1', { take: start }))!;
    const version = (await store.get<Drill>('drills', 'd1'))!.version;
    await held.complete((d) => void (d.state = 'done'));
    expect(await store.get<Drill>('drills', 'd1')).toMatchObject({
      version: version + 1,
      data: { state: 'done', runs: 1 },
    });
    expect((await read())?.lease).toBeUndefined();
  });

  it('`release` gives it up, so another instance takes it at once', async () => {
    const held = (await claimLease<Drill>(a, DRILLS, 'd1', { take: start }))!;
    await held.release();
    expect(await read()).toEqual({ state: 'running', runs: 1 });
    expect(await claimLease<Drill>(b, DRILLS, 'd1', { take: start })).not.toBeNull();
  });

  it('`withoutLease` is the record with its lease dropped, whoever held it', () => {
    expect(withoutLease<Drill>({ state: 'done', runs: 1, lease: leaseFor(b, DRILLS) })).toEqual({
      state: 'done',
      runs: 1,
    });
  });
});

describe('hand-over at shutdown', () => {
  it('one driver per record in a process; a shutdown cuts a pause short with HandedOver, the lease is released, and it is handed over', async () => {
    const lines: string[] = [];
    const log = await createLogger({
      level: 'info',
      secrets: [],
      destination: { write: (l: string) => lines.push(l) },
    });
    const held = (await claimLease<Drill>(a, DRILLS, 'd1', { take: start }))!;
    const outcome: unknown[] = [];
    const work = a.drivers.drive('drill:d1', async () => {
      held.checkpoint(); // not stopping yet: goes on
      try {
        await held.pause(3_600_000); // a bake that would last an hour
      } catch (error) {
        outcome.push(error);
        await held.release();
      }
    });
    expect(work).not.toBeNull();
    expect(a.drivers.drive('drill:d1', async () => undefined)).toBeNull(); // driven already
    expect(a.drivers.stopping).toBe(false);

    expect(await a.drivers.handOver(60_000, log)).toBe(true);
    expect(a.drivers.stopping).toBe(true);
    expect(outcome).toHaveLength(1);
    expect(outcome[0]).toBeInstanceOf(HandedOver);
    expect(outcome[0]).toBeInstanceOf(LeaseLost);
    expect((outcome[0] as Error).message).toBe('restore drill d1 handed over: this instance is shutting down');
    expect(() => held.checkpoint()).toThrow(HandedOver);
    expect((await read())?.lease).toBeUndefined();
    expect(await claimLease<Drill>(b, DRILLS, 'd1', { take: start })).not.toBeNull(); // resumed at once elsewhere
    expect(lines).toEqual([]);
  });

  it('work still inside a call when the grace ends keeps its lease, and the shutdown says so', async () => {
    const lines: string[] = [];
    const log = await createLogger({
      level: 'info',
      secrets: [],
      destination: { write: (l: string) => lines.push(l) },
    });
    await claimLease<Drill>(a, DRILLS, 'd1', { take: start });
    let land: () => void = () => undefined;
    void a.drivers.drive('drill:d1', () => new Promise<void>((resolve) => (land = resolve))); // a call that hangs
    expect(await a.drivers.handOver(0, log)).toBe(false);
    expect((await read())?.lease?.owner).toBe('a');
    expect(lines.join('')).toContain('"leased":["drill:d1"]');
    land();
  });
});
