/**
 * Store adapter on Cloud Firestore through firebase-admin (for Cloud Run, several instances).
 *
 * - firebase-admin is imported lazily inside `openFirestoreStore`, so the bot's cold start does not pay for it.
 * - Collections: `${prefix}audit` (one document per event, `at` a Timestamp),
 *   `${prefix}records_${collection}` (documents `{ version, data, updatedAt }`) and
 *   `${prefix}claims_${collection}` (Store.claim: documents `{ expiresAt }`, firestore-claims.ts).
 * - Record data and audit details must be JSON-serialisable; they are stored as their JSON value
 *   (a Date becomes its ISO string), exactly like the SQLite adapter.
 * - With `emulatorHost` the client talks plain-text gRPC to that host only, with the emulator's
 *   "Bearer owner" header and no Google credentials; this adapter reads no environment variable.
 *   (Beware: @google-cloud/firestore itself lets FIRESTORE_EMULATOR_HOST, when set in the
 *   environment, override any host given here.)
 * - `compareAndSet` and `delete` are optimistic: a read, then a write with a `lastUpdateTime`
 *   precondition, which Firestore checks atomically on the server.
 * - Indexes: see firestore.indexes.json at the repository root (audit: target asc + at desc).
 *   `list` with both `where` and `orderBy` needs a composite index on that records collection.
 */
import { randomUUID } from 'node:crypto';
import type { CollectionReference, Firestore } from 'firebase-admin/firestore';
import { PortError } from '../../domain/errors.js';
import type {
  AuditEvent,
  AuditEventInput,
  AuditQuery,
  Collection,
  ListQuery,
  Store,
  Versioned,
} from '../../ports/store.js';
import { assertCollection, assertDate, assertRecordId, newAuditId, toJson } from '../store-support.js';
import { ALREADY_EXISTS, BACKEND, grpcCode, lostRace, translateFirestoreError } from './firestore-errors.js';
import {
  type AuditDoc,
  type RecordDoc,
  auditQuery,
  listQuery,
  toAuditEvent,
  toVersioned,
} from './firestore-queries.js';
import { firestoreClaims } from './firestore-claims.js';

export interface FirestoreStoreOptions {
  projectId: string;
  /** `host:port` of a Firestore emulator; when set, no credentials are used and nothing else is contacted. */
  emulatorHost?: string;
  /** Prepended to every collection name, e.g. `chatops_`. Default: none. */
  collectionPrefix?: string;
}

export async function openFirestoreStore(options: FirestoreStoreOptions): Promise<Store> {
  const prefix = options.collectionPrefix ?? '';
  if (!/^[A-Za-z0-9_-]*$/.test(prefix)) {
    throw new PortError('invalid', `Invalid collection prefix ${JSON.stringify(prefix)}`, BACKEND);
  }
  if (options.emulatorHost !== undefined && !/^[A-Za-z0-9.\-[\]:]+:\d+$/.test(options.emulatorHost)) {
    throw new PortError(
      'invalid',
      `Invalid emulator host ${JSON.stringify(options.emulatorHost)}: use host:port`,
      BACKEND,
    );
  }

  const { initializeApp, deleteApp } = await import('firebase-admin/app');
  const admin = await import('firebase-admin/firestore');
  const { getFirestore, Timestamp } = admin;

  // A named app per store, so several stores (and the rest of the bot's firebase-admin use) coexist.
  const app = initializeApp({ projectId: options.projectId }, `chatops-store-${randomUUID()}`);
  let db: Firestore;
  try {
    db = getFirestore(app);
    if (options.emulatorHost !== undefined) {
      // ssl: false makes @google-cloud/firestore use insecure gRPC credentials (no Google auth at all)
      // and add the emulator's admin header; we set the header too, in case that default ever changes.
      db.settings({
        host: options.emulatorHost,
        ssl: false,
        customHeaders: { Authorization: 'Bearer owner' },
      });
    }
  } catch (error) {
    await deleteApp(app).catch(() => undefined);
    throw translateFirestoreError(error);
  }

  const audit = db.collection(`${prefix}audit`);
  await warmUp(audit);
  const records = (collection: Collection<unknown>) => {
    assertCollection(collection.name, BACKEND);
    return db.collection(`${prefix}records_${collection.name}`);
  };
  const recordRef = (collection: Collection<unknown>, id: string) => {
    const col = records(collection);
    assertRecordId(id, BACKEND);
    return col.doc(id);
  };

  const claims = firestoreClaims(db, prefix, admin);
  let closed = false;
  const run = async <R>(fn: () => Promise<R>): Promise<R> => {
    if (closed) throw new PortError('unavailable', 'Firestore store is closed', BACKEND);
    try {
      return await fn();
    } catch (error) {
      throw translateFirestoreError(error);
    }
  };

  return {
    kind: 'firestore',

    appendAudit: (input: AuditEventInput) =>
      run(async (): Promise<AuditEvent> => {
        const at = input.at ?? new Date();
        assertDate(at, 'Audit event time', BACKEND);
        const details = toJson(input.details ?? {}, 'Audit details', BACKEND).value as Record<string, unknown>;
        const id = newAuditId(at);
        const doc: AuditDoc = {
          actor: input.actor,
          action: input.action,
          target: input.target,
          at: Timestamp.fromMillis(at.getTime()),
          details,
        };
        await audit.doc(id).create(doc); // create, never set: an event is never overwritten
        return {
          id,
          actor: input.actor,
          action: input.action,
          target: input.target,
          at: new Date(at.getTime()),
          details,
        };
      }),

    queryAudit: (query: AuditQuery) =>
      run(async () => {
        const q = auditQuery(audit, query, admin);
        return q === null ? [] : (await q.get()).docs.map(toAuditEvent);
      }),

    get: <T>(collection: Collection<T>, id: string) =>
      run(async () => {
        const snapshot = await recordRef(collection, id).get();
        return snapshot.exists ? toVersioned(collection, snapshot) : null;
      }),

    create: <T>(collection: Collection<T>, id: string, data: T) =>
      run(async (): Promise<Versioned<T> | null> => {
        const ref = recordRef(collection, id);
        const value = toJson(data, 'Record data', BACKEND).value;
        const now = Date.now();
        const doc: RecordDoc = { version: 1, data: value, updatedAt: Timestamp.fromMillis(now) };
        try {
          await ref.create(doc);
        } catch (error) {
          if (grpcCode(error) === ALREADY_EXISTS) return null;
          throw error;
        }
        return { id, version: 1, data: value as T, updatedAt: new Date(now) };
      }),

    compareAndSet: <T>(collection: Collection<T>, id: string, expectedVersion: number, data: T) =>
      run(async (): Promise<Versioned<T> | null> => {
        const ref = recordRef(collection, id);
        if (!Number.isSafeInteger(expectedVersion)) return null;
        const value = toJson(data, 'Record data', BACKEND).value;
        // Optimistic compare-and-set: read, check the version, then write on the precondition that the
        // document's update time is still the one we read. The server refuses the write when anyone
        // wrote in between, so exactly one of N concurrent writers wins, without transaction lock
        // contention (a read-write transaction here made 19 of 20 racers abort and retry, ~3.5 s).
        const snapshot = await ref.get();
        if (!snapshot.exists || snapshot.get('version') !== expectedVersion || snapshot.updateTime === undefined)
          return null;
        const now = Date.now();
        const doc: RecordDoc = { version: expectedVersion + 1, data: value, updatedAt: Timestamp.fromMillis(now) };
        try {
          await ref.update({ ...doc }, { lastUpdateTime: snapshot.updateTime });
        } catch (error) {
          if (lostRace(error)) return null;
          throw error;
        }
        return { id, version: expectedVersion + 1, data: value as T, updatedAt: new Date(now) };
      }),

    list: <T>(collection: Collection<T>, query: ListQuery = {}) =>
      run(async () => {
        const q = listQuery(records(collection), query, admin);
        return q === null ? [] : (await q.get()).docs.map((d) => toVersioned(collection, d));
      }),

    delete: (collection: Collection<unknown>, id: string, expectedVersion: number) =>
      run(async () => {
        const ref = recordRef(collection, id);
        if (!Number.isSafeInteger(expectedVersion)) return false;
        const snapshot = await ref.get();
        if (!snapshot.exists || snapshot.get('version') !== expectedVersion || snapshot.updateTime === undefined)
          return false;
        try {
          await ref.delete({ lastUpdateTime: snapshot.updateTime });
        } catch (error) {
          if (lostRace(error)) return false;
          throw error;
        }
        return true;
      }),

    claim: (collection: string, id: string, expiresAt: Date) => run(() => claims.claim(collection, id, expiresAt)),
    releaseExpiredClaims: (collection: string, now: Date, limit?: number) =>
      run(() => claims.releaseExpiredClaims(collection, now, limit)),

    close: async () => {
      if (closed) return;
      closed = true;
      try {
        await db.terminate();
      } finally {
        await deleteApp(app);
      }
    },
  };
}

/**
 * The client loads its gRPC stack and opens its channel on the first call, about a second of CPU: done here, at
 * the start, so the first slash command's ack does not pay for it (under load it took that ack past Slack's 3 s).
 * A backend that does not answer within 5 s is left to report itself on the first real call.
 */
async function warmUp(audit: CollectionReference): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<void>((resolve) => (timer = setTimeout(resolve, 5000)));
  await Promise.race([
    audit
      .limit(1)
      .get()
      .then(
        () => undefined,
        () => undefined,
      ),
    gaveUp,
  ]);
  clearTimeout(timer);
}
