/**
 * Store adapter on Node 22's built-in `node:sqlite` (for a single instance, local runs and tests).
 *
 * - Record data and audit details must be JSON-serialisable: they are stored as JSON text, so a Date
 *   reads back as its ISO string and `undefined` properties disappear (the Firestore adapter does the same).
 * - The audit table is append-only: triggers RAISE on UPDATE and DELETE.
 * - `list` filters and sorts on top-level fields of the data; records without the sort field are left
 *   out, as Firestore does.
 * - node:sqlite is synchronous; the methods are async only because the port is.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';
import { PortError } from '../../domain/errors.js';
import type { AuditEventInput, AuditQuery, Collection, ListQuery, Store, Versioned } from '../../ports/store.js';
import { assertCollection, assertDate, assertRecordId, newAuditId, normalizeLimit, toJson } from '../store-support.js';
import { type AuditRow, type RecordRow, auditSql, listSql, toAuditEvent, toVersioned } from './sqlite-queries.js';
import { BACKEND, BUSY_TIMEOUT_MS, initialise, translateSqliteError } from './sqlite-schema.js';

/** A claim never waits for another process's write lock: it runs on the ack path, and SQLite waits on the event loop. */
const CLAIM_BUSY_TIMEOUT_MS = 0;

/**
 * Opens (and creates when missing, with its parent directory) the SQLite database at `path`;
 * `':memory:'` gives a private in-memory database.
 */
export function openSqliteStore(path: string): Store {
  const inMemory = path === ':memory:';
  let db: DatabaseSync;
  try {
    if (!inMemory) mkdirSync(dirname(resolve(path)), { recursive: true });
    db = new DatabaseSync(path);
  } catch (error) {
    throw translateSqliteError(error);
  }
  try {
    initialise(db, inMemory);
  } catch (error) {
    db.close();
    throw translateSqliteError(error);
  }

  const statements = {
    insertAudit: db.prepare('INSERT INTO audit (id, actor, action, target, at, details) VALUES (?, ?, ?, ?, ?, ?)'),
    getRecord: db.prepare('SELECT id, version, data, updated_at FROM records WHERE collection = ? AND id = ?'),
    createRecord: db.prepare(
      'INSERT INTO records (collection, id, version, data, updated_at) VALUES (?, ?, 1, ?, ?) ON CONFLICT DO NOTHING',
    ),
    compareAndSet: db.prepare(
      'UPDATE records SET version = version + 1, data = ?, updated_at = ? WHERE collection = ? AND id = ? AND version = ?',
    ),
    deleteRecord: db.prepare('DELETE FROM records WHERE collection = ? AND id = ? AND version = ?'),
    claim: db.prepare(
      'INSERT INTO claims (collection, id, expires_at) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET expires_at = excluded.expires_at WHERE claims.expires_at <= ?',
    ),
    releaseClaims: db.prepare(
      'DELETE FROM claims WHERE collection = ? AND id IN (SELECT id FROM claims WHERE collection = ? AND expires_at < ? ORDER BY expires_at LIMIT ?)',
    ),
    // A claim sits on the ack path. It is not worth an fsync (WAL with synchronous=NORMAL never corrupts, and
    // the next FULL commit makes the claims before it durable too), nor a long wait for another process's
    // write lock: SQLite's busy handler sleeps on the event loop, so a claim that finds it taken fails at once (busy).
    lazyCommits: db.prepare(`PRAGMA synchronous = NORMAL`),
    shortWaits: db.prepare(`PRAGMA busy_timeout = ${CLAIM_BUSY_TIMEOUT_MS}`),
    fullCommits: db.prepare('PRAGMA synchronous = FULL'),
    longWaits: db.prepare(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`),
  } satisfies Record<string, StatementSync>;
  const lazily = <R>(fn: () => R): R => {
    statements.lazyCommits.run();
    statements.shortWaits.run();
    try {
      return fn();
    } finally {
      statements.fullCommits.run();
      statements.longWaits.run();
    }
  };

  let closed = false;
  /** Runs `fn` on the open database and turns node:sqlite errors into PortErrors. */
  const run = async <R>(fn: () => R): Promise<R> => {
    if (closed) throw new PortError('unavailable', 'SQLite store is closed', BACKEND);
    try {
      return fn();
    } catch (error) {
      throw translateSqliteError(error);
    }
  };

  /** The collection's name, once it and the record ID are known to be valid. */
  const checkRecordKey = (collection: Collection<unknown>, id: string): string => {
    assertCollection(collection.name, BACKEND);
    assertRecordId(id, BACKEND);
    return collection.name;
  };

  return {
    kind: 'sqlite',

    appendAudit: (input: AuditEventInput) =>
      run(() => {
        const at = input.at ?? new Date();
        assertDate(at, 'Audit event time', BACKEND);
        const details = toJson(input.details ?? {}, 'Audit details', BACKEND);
        const id = newAuditId(at);
        statements.insertAudit.run(id, input.actor, input.action, input.target, at.getTime(), details.text);
        return {
          id,
          actor: input.actor,
          action: input.action,
          target: input.target,
          at: new Date(at.getTime()),
          details: details.value as Record<string, unknown>,
        };
      }),

    queryAudit: (query: AuditQuery) =>
      run(() => {
        const { sql, params } = auditSql(query);
        return (db.prepare(sql).all(...params) as unknown as AuditRow[]).map(toAuditEvent);
      }),

    get: <T>(collection: Collection<T>, id: string) =>
      run(() => {
        const name = checkRecordKey(collection, id);
        const row = statements.getRecord.get(name, id) as RecordRow | undefined;
        return row === undefined ? null : toVersioned(collection, row);
      }),

    create: <T>(collection: Collection<T>, id: string, data: T) =>
      run((): Versioned<T> | null => {
        const name = checkRecordKey(collection, id);
        const json = toJson(data, 'Record data', BACKEND);
        const now = Date.now();
        const result = statements.createRecord.run(name, id, json.text, now);
        if (Number(result.changes) !== 1) return null;
        return { id, version: 1, data: json.value as T, updatedAt: new Date(now) };
      }),

    compareAndSet: <T>(collection: Collection<T>, id: string, expectedVersion: number, data: T) =>
      run((): Versioned<T> | null => {
        const name = checkRecordKey(collection, id);
        if (!Number.isSafeInteger(expectedVersion)) return null;
        const json = toJson(data, 'Record data', BACKEND);
        const now = Date.now();
        const result = statements.compareAndSet.run(json.text, now, name, id, expectedVersion);
        if (Number(result.changes) !== 1) return null;
        return { id, version: expectedVersion + 1, data: json.value as T, updatedAt: new Date(now) };
      }),

    list: <T>(collection: Collection<T>, query: ListQuery = {}) =>
      run(() => {
        assertCollection(collection.name, BACKEND);
        const { sql, params } = listSql(collection.name, query);
        return (db.prepare(sql).all(...params) as unknown as RecordRow[]).map((row) => toVersioned(collection, row));
      }),

    delete: (collection: Collection<unknown>, id: string, expectedVersion: number) =>
      run(() => {
        const name = checkRecordKey(collection, id);
        if (!Number.isSafeInteger(expectedVersion)) return false;
        return Number(statements.deleteRecord.run(name, id, expectedVersion).changes) === 1;
      }),

    claim: (collection: string, id: string, expiresAt: Date) =>
      run(() => {
        assertCollection(collection, BACKEND);
        assertRecordId(id, BACKEND);
        assertDate(expiresAt, 'Claim expiry', BACKEND);
        return lazily(
          () => Number(statements.claim.run(collection, id, expiresAt.getTime(), Date.now()).changes) === 1,
        );
      }),

    releaseExpiredClaims: (collection: string, now: Date, limit = 500) =>
      run(() => {
        assertCollection(collection, BACKEND);
        assertDate(now, 'Claim release time', BACKEND);
        const max = normalizeLimit(limit, undefined, BACKEND) ?? 500;
        return lazily(() => Number(statements.releaseClaims.run(collection, collection, now.getTime(), max).changes));
      }),

    close: async () => {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
