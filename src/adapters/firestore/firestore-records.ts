/**
 * The Store's records on Firestore: `${prefix}records_${collection}`, one document per record,
 * `{ version, data, updatedAt }`. Each read is checked against its collection's schema (toVersioned).
 * `compareAndSet` and `delete` are optimistic: a read, then a write with a `lastUpdateTime` precondition,
 * which Firestore checks atomically on the server.
 */
import type { Firestore } from 'firebase-admin/firestore';
import type { Collection, ListQuery, Store, Versioned } from '../../ports/store.js';
import { assertCollection, assertRecordId, toJson } from '../store-support.js';
import { ALREADY_EXISTS, BACKEND, grpcCode, lostRace } from './firestore-errors.js';
import { type FirestoreModule, type RecordDoc, listQuery, toVersioned } from './firestore-queries.js';

type RecordMethods = Pick<Store, 'get' | 'create' | 'compareAndSet' | 'list' | 'delete'>;

export function firestoreRecords(db: Firestore, prefix: string, admin: FirestoreModule): RecordMethods {
  const { Timestamp } = admin;
  const records = (collection: Collection<unknown>) => {
    assertCollection(collection.name, BACKEND);
    return db.collection(`${prefix}records_${collection.name}`);
  };
  const recordRef = (collection: Collection<unknown>, id: string) => {
    const col = records(collection);
    assertRecordId(id, BACKEND);
    return col.doc(id);
  };

  return {
    get: async <T>(collection: Collection<T>, id: string) => {
      const snapshot = await recordRef(collection, id).get();
      return snapshot.exists ? toVersioned(collection, snapshot) : null;
    },

    create: async <T>(collection: Collection<T>, id: string, data: T): Promise<Versioned<T> | null> => {
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
    },

    compareAndSet: async <T>(
      collection: Collection<T>,
      id: string,
      expectedVersion: number,
      data: T,
    ): Promise<Versioned<T> | null> => {
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
    },

    list: async <T>(collection: Collection<T>, query: ListQuery = {}) => {
      const q = listQuery(records(collection), query, admin);
      return q === null ? [] : (await q.get()).docs.map((d) => toVersioned(collection, d));
    },

    delete: async (collection: Collection<unknown>, id: string, expectedVersion: number) => {
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
    },
  };
}
