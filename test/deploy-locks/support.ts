/** The unit tier's workflow context (test/support/unit-context.ts) over SQLite or Firestore on the emulator, with a clock the test moves. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFirestoreStore } from '../../src/adapters/firestore/firestore-store.js';
import { openSqliteStore } from '../../src/adapters/sqlite/sqlite-store.js';
import type { Config } from '../../src/config/schema.js';
import type { Store } from '../../src/ports/store.js';
import type { Ticker } from '../../src/scheduler/ticker.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import type { EventName } from '../../src/workflows/events.js';
import { createUnitContext, exampleConfig } from '../support/unit-context.js';
import {
  firestoreEmulatorSkipReason,
  startFirestoreEmulator,
  type FirestoreEmulator,
} from '../support/firestore-emulator.js';

export const ALEX = 'U0ALEX0001';
export const SAM = 'U0SAM00002';
export const JO = 'U0JO000003';

/** A clock the test sets; nothing sleeps for real. */
export function testClock(start: string) {
  let current = new Date(start);
  return {
    now: () => new Date(current),
    sleep: async () => undefined,
    set: (iso: string | Date) => void (current = new Date(iso)),
    advance: (ms: number) => void (current = new Date(current.getTime() + ms)),
  };
}
export type TestClock = ReturnType<typeof testClock>;

/** chatops.example.yml with `deploy` settings changed. */
export const testConfig = exampleConfig;

export interface Instance {
  ctx: WorkflowContext;
  ticker: Ticker;
  /** Every domain event emitted by this instance, in order. */
  events: { name: EventName; payload: unknown }[];
}

/** One bot instance's workflow context; two instances share a store like two Cloud Run instances. */
export async function instance(store: Store, clock: TestClock, config: Config): Promise<Instance> {
  const { ctx, ticker, events } = await createUnitContext({ store, clock, config });
  return { ctx, ticker, events };
}

export interface StoreKind {
  name: 'sqlite' | 'firestore';
  skip: string | undefined;
  setup(): Promise<void>;
  open(): Promise<Store>;
  teardown(): Promise<void>;
}

/** The stores the lock tests run on: SQLite always, Firestore when its emulator is here (always in CI). */
export function storeKinds(): StoreKind[] {
  let dir = '';
  let n = 0;
  let emulator: FirestoreEmulator | undefined;
  const sqlite: StoreKind = {
    name: 'sqlite',
    skip: undefined,
    setup: async () => void (dir = mkdtempSync(join(tmpdir(), 'deploy-locks-'))),
    open: async () => openSqliteStore(join(dir, `store-${++n}.db`)),
    teardown: async () => rmSync(dir, { recursive: true, force: true }),
  };
  const firestore: StoreKind = {
    name: 'firestore',
    skip: firestoreEmulatorSkipReason(),
    setup: async () => void (emulator = await startFirestoreEmulator('demo-deploy-locks')),
    open: async () => {
      await emulator!.clear();
      return openFirestoreStore({ projectId: emulator!.projectId, emulatorHost: emulator!.host });
    },
    teardown: async () => emulator?.stop(),
  };
  return [sqlite, firestore];
}
