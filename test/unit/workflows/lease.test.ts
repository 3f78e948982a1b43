/**
 * The lease on its own, on the SQLite store with an injected clock: claim, renewal, a lost lease, takeover after
 * expiry, release. Two "instances" are two contexts sharing a store (see lease-support.ts).
 */
import { describe, expect, it, vi } from 'vitest';
import { claimLease, HandedOver, isLeased, LeaseLost, leaseFor, withoutLease } from '../../../src/workflows/lease.js';
import { DRILLS, type Drill, iso, leaseWorld, start, T0 } from './lease-support.js';

const w = leaseWorld();

describe('claim', () => {
  it('takes a free record for this instance, changing it as it is taken; no one else while the lease lives', async () => {
    const held = await claimLease<Drill>(w.a, DRILLS, 'd1', { take: start });
    expect(held?.record).toEqual({ state: 'running', runs: 1, lease: { owner: 'a', until: iso(T0 + 60_000) } });
    expect(await w.read()).toEqual(held?.record);
    w.now += 59_000;
    expect(await claimLease<Drill>(w.b, DRILLS, 'd1', { take: start })).toBeNull();
    expect(isLeased((await w.read())!, new Date(w.now))).toBe(true);
    expect((await w.read())?.runs).toBe(1);
  });

  it('an instance claims again what it holds itself (e.g. a lease written with an approval), and says it is its own', async () => {
    const approved = await w.store.get<Drill>(DRILLS.collection, 'd1');
    await w.store.compareAndSet<Drill>(DRILLS.collection, 'd1', approved!.version, {
      ...approved!.data,
      lease: leaseFor(w.a, DRILLS),
    });
    const seen: boolean[] = [];
    const held = await claimLease<Drill>(w.a, DRILLS, 'd1', { take: (_d, ours) => seen.push(ours) > 0 });
    expect(held).not.toBeNull();
    expect(seen).toEqual([true]);
  });

  it('refused by `take`, or no record: null, and nothing written', async () => {
    await w.store.create<Drill>(DRILLS.collection, 'done', { state: 'done', runs: 1 });
    expect(await claimLease<Drill>(w.a, DRILLS, 'done', { take: start })).toBeNull();
    expect(await w.read('done')).toEqual({ state: 'done', runs: 1 });
    expect(await claimLease<Drill>(w.a, DRILLS, 'missing')).toBeNull();
  });

  it('creates the record, leased, when asked to and it does not exist; once', async () => {
    const fresh: Drill = { state: 'running', runs: 1 };
    const first = await claimLease<Drill>(w.a, DRILLS, 'd2', { create: fresh });
    expect(first?.record).toEqual({ ...fresh, lease: { owner: 'a', until: iso(T0 + 60_000) } });
    expect(await claimLease<Drill>(w.b, DRILLS, 'd2', { create: fresh })).toBeNull();
  });

  it('a token per claim keeps two claims of one instance apart', async () => {
    expect(await claimLease<Drill>(w.a, DRILLS, 'd1', { owner: 'a:schedule:1' })).not.toBeNull();
    expect(await claimLease<Drill>(w.a, DRILLS, 'd1', { owner: 'a:http:2' })).toBeNull();
  });
});

describe('renew, lose, take over', () => {
  it('every write renews the lease; the change and the renewal are one write', async () => {
    const held = (await claimLease<Drill>(w.a, DRILLS, 'd1', { take: start }))!;
    w.now += 45_000;
    await held.save((d) => void (d.runs = 7));
    expect(await w.read()).toEqual({ state: 'running', runs: 7, lease: { owner: 'a', until: iso(w.now + 60_000) } });
    expect(held.record.runs).toBe(7);
  });

  it('renews while one long call works, however long it takes', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const held = (await claimLease<Drill>(w.a, DRILLS, 'd1'))!;
    let finish: () => void = () => undefined;
    const call = held.renewing(() => new Promise<void>((resolve) => (finish = resolve)));
    for (let i = 1; i <= 5; i += 1) {
      w.now = T0 + i * 20_000;
      await vi.advanceTimersByTimeAsync(20_000); // every third of the lease
      await vi.waitFor(async () => expect((await w.read())?.lease?.until).toBe(iso(w.now + 60_000)));
    }
    finish();
    await call;
    w.now += 20_000;
    await vi.advanceTimersByTimeAsync(60_000);
    expect((await w.read())?.lease?.until).toBe(iso(T0 + 160_000)); // no renewal once the call is over
  });

  it('after the lease ran out another instance takes over; the first one`s next write is LeaseLost', async () => {
    const first = (await claimLease<Drill>(w.a, DRILLS, 'd1', { take: start }))!;
    w.now += 60_000; // until is exclusive: run out now
    const second = await claimLease<Drill>(w.b, DRILLS, 'd1', { take: start });
    expect(second?.record).toMatchObject({ runs: 2, lease: { owner: 'b' } });
    const lost = await first.save((d) => void (d.runs = 99)).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(LeaseLost);
    expect(lost).not.toBeInstanceOf(HandedOver);
    expect((lost as Error).message).toBe('another instance took over restore drill d1');
    await first.release(); // not its lease any more: nothing happens
    expect(await w.read()).toMatchObject({ runs: 2, lease: { owner: 'b' } });
  });

  it('`expiredOnly` waits for this instance`s own lease to run out too', async () => {
    await claimLease<Drill>(w.a, DRILLS, 'd1');
    w.now += 30_000;
    expect(await claimLease<Drill>(w.a, DRILLS, 'd1', { expiredOnly: true })).toBeNull();
    w.now += 30_000;
    expect(await claimLease<Drill>(w.a, DRILLS, 'd1', { expiredOnly: true })).not.toBeNull();
  });

  it('a record gone under the holder is LeaseLost too', async () => {
    const held = (await claimLease<Drill>(w.a, DRILLS, 'd1'))!;
    const stored = await w.store.get<Drill>(DRILLS.collection, 'd1');
    await w.store.delete(DRILLS.collection, 'd1', stored!.version);
    await expect(held.save(() => undefined)).rejects.toThrow(new LeaseLost('restore drill d1 no longer exists'));
  });
});

describe('release', () => {
  it('`complete` writes the last change and drops the lease in the same write', async () => {
    const held = (await claimLease<Drill>(w.a, DRILLS, 'd1', { take: start }))!;
    const version = (await w.store.get<Drill>(DRILLS.collection, 'd1'))!.version;
    await held.complete((d) => void (d.state = 'done'));
    expect(await w.store.get<Drill>(DRILLS.collection, 'd1')).toMatchObject({
      version: version + 1,
      data: { state: 'done', runs: 1 },
    });
    expect((await w.read())?.lease).toBeUndefined();
  });

  it('`release` gives it up, so another instance takes it at once', async () => {
    const held = (await claimLease<Drill>(w.a, DRILLS, 'd1', { take: start }))!;
    await held.release();
    expect(await w.read()).toEqual({ state: 'running', runs: 1 });
    expect(await claimLease<Drill>(w.b, DRILLS, 'd1', { take: start })).not.toBeNull();
  });

  it('`withoutLease` is the record with its lease dropped, whoever held it', () => {
    expect(withoutLease<Drill>({ state: 'done', runs: 1, lease: leaseFor(w.b, DRILLS) })).toEqual({
      state: 'done',
      runs: 1,
    });
  });
});
