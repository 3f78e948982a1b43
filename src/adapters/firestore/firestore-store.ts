/**
 * Store adapter on Cloud Firestore through firebase-admin (for Cloud Run, several instances).
 *
 * - firebase-admin is imported lazily inside `openFirestoreStore`, so the bot's cold start does not pay for it.
 * - Collections: `${prefix}audit` (one document per event, `at` a Timestamp),
 *   `${prefix}records_${collection}` (documents `{ version, data, updatedAt }`, firestore-records.ts) and
 *   `${prefix}claims_${collection}` (Store.claim: documents `{ expiresAt }`, firestore-claims.ts).
 * - Record data and audit details must be JSON-serialisable; they are stored as their JSON value
 *   (a Date becomes its ISO string), exactly like the SQLite adapter.
 * - With `emulatorHost` the client talks plain-text gRPC to that host only, with the emulator's
 *   "Bearer owner" header and no Google credentials; this adapter reads no environment variable.
 *   (Beware: @google-cloud/firestore itself lets FIRESTORE_EMULATOR_HOST, when set in the
 *   environment, override any host given here.)
 * - Indexes: see firestore.indexes.json at the repository root (audit: target asc + at desc).
 *   `list` with both `where` and `orderBy` needs a composite index on that records collection.
 */
import { randomUUID } from 'node:crypto';
import type { CollectionReference, Firestore } from 'firebase-admin/firestore';
import { PortError } from '../../domain/errors.js';
import type { AuditEvent, AuditEventInput, AuditQuery, Store } from '../../ports/store.js';
import { assertDate, newAuditId, toJson } from '../store-support.js';
import { BACKEND, translateFirestoreError } from './firestore-errors.js';
import { type AuditDoc, auditQuery, toAuditEvent } from './firestore-queries.js';
import { firestoreClaims } from './firestore-claims.js';
import { firestoreRecords } from './firestore-records.js';

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
  const records = firestoreRecords(db, prefix, admin);
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

    get: (collection, id) => run(() => records.get(collection, id)),
    create: (collection, id, data) => run(() => records.create(collection, id, data)),
    compareAndSet: (collection, id, expectedVersion, data) =>
      run(() => records.compareAndSet(collection, id, expectedVersion, data)),
    list: (collection, query) => run(() => records.list(collection, query)),
    delete: (collection, id, expectedVersion) => run(() => records.delete(collection, id, expectedVersion)),

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
