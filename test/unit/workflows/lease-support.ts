import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, vi } from 'vitest';
import { z } from 'zod';
import { collection } from '../../../src/domain/collection.js';
import { openSqliteStore } from '../../../src/adapters/sqlite/sqlite-store.js';
import type { Store } from '../../../src/ports/store.js';
import type { Leasable, LeaseContext, LeaseTerms } from '../../../src/workflows/lease.js';
import { Drivers } from '../../../src/workflows/lease-drivers.js';

/** A record of a feature still to come (a backup restore drill): the lease knows nothing of it. */
export interface Drill extends Leasable {
  state: 'queued' | 'running' | 'done';
  runs: number;
}

const drillSchema = z.object({
  state: z.enum(['queued', 'running', 'done']),
  runs: z.number(),
  lease: z.object({ owner: z.string(), until: z.string() }).optional(),
});
export const DRILLS: LeaseTerms<Drill> = {
  collection: collection<Drill>('drills', drillSchema),
  noun: 'restore drill',
  ms: 60_000,
};
export const T0 = Date.parse('2026-11-24T10:00:00.000Z');
export const iso = (ms: number) => new Date(ms).toISOString();

/** Starts a drill as it is claimed; a finished one is not taken. */
export const start = (d: Drill): boolean => {
  if (d.state === 'done') return false;
  d.state = 'running';
  d.runs += 1;
  return true;
};

export interface World {
  store: Store;
  /** What the clock says, in ms; tests move it. */
  now: number;
  /** Two instances: contexts sharing the store and the clock, each with its own drivers. */
  a: LeaseContext;
  b: LeaseContext;
  read(id?: string): Promise<Drill | undefined>;
}

/**
 * A fresh SQLite store for every test, holding drill `d1` (queued), and two instances on it. The clock's sleeps
 * never end by themselves: only a shutdown cuts them short.
 */
export function leaseWorld(): World {
  let dir = '';
  let n = 0;
  const clock = { now: () => new Date(world.now), sleep: () => new Promise<void>(() => undefined) };
  const instance = (instanceId: string): LeaseContext => ({
    store: world.store,
    clock,
    instanceId,
    drivers: new Drivers(),
  });
  const world = {
    now: T0,
    read: async (id = 'd1') => (await world.store.get<Drill>(DRILLS.collection, id))?.data,
  } as World;
  beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'lease-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(async () => {
    world.store = await openSqliteStore(join(dir, `store-${++n}.db`));
    world.now = T0;
    world.a = instance('a');
    world.b = instance('b');
    await world.store.create<Drill>(DRILLS.collection, 'd1', { state: 'queued', runs: 0 });
  });
  afterEach(async () => {
    vi.useRealTimers();
    await world.store.close();
  });
  return world;
}
