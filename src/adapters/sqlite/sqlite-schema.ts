/**
 * Schema and error translation for the SQLite Store adapter.
 */
import type { DatabaseSync } from 'node:sqlite';
import { PortError, isPortError } from '../../domain/errors.js';

export const BACKEND = 'SQLite';
export const BUSY_TIMEOUT_MS = 5_000;
const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit (
  id      TEXT PRIMARY KEY,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL,
  at      INTEGER NOT NULL,   -- epoch millis
  details TEXT NOT NULL       -- JSON
);
CREATE INDEX IF NOT EXISTS audit_target_at ON audit (target, at);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: UPDATE is not allowed'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
BEGIN SELECT RAISE(ABORT, 'audit is append-only: DELETE is not allowed'); END;

CREATE TABLE IF NOT EXISTS records (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  version    INTEGER NOT NULL,
  data       TEXT NOT NULL,     -- JSON
  updated_at INTEGER NOT NULL,  -- epoch millis
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
`;

/**
 * Claims (Store.claim): additive, created on every open without a version bump, so an older bot opening
 * this file still can (it ignores the table).
 */
const CLAIMS = `
CREATE TABLE IF NOT EXISTS claims (
  collection TEXT NOT NULL,
  id         TEXT NOT NULL,
  expires_at INTEGER NOT NULL,  -- epoch millis
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS claims_expiry ON claims (collection, expires_at);
`;

/** Sets the connection up and creates the schema when missing (idempotent). */
export function initialise(db: DatabaseSync, inMemory: boolean): void {
  // busy_timeout first, so that the WAL switch itself waits for another process's lock.
  db.exec(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`);
  if (!inMemory) db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = FULL');
  db.exec('PRAGMA foreign_keys = ON');
  const row = db.prepare('PRAGMA user_version').get() as { user_version: number } | undefined;
  const current = row?.user_version ?? 0;
  if (current > SCHEMA_VERSION) {
    throw new PortError(
      'invalid',
      `Database schema version ${current} is newer than this bot (${SCHEMA_VERSION})`,
      BACKEND,
    );
  }
  if (current < SCHEMA_VERSION) {
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(SCHEMA);
      db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw error;
    }
  }
  db.exec(CLAIMS);
}

interface SqliteError {
  code?: string;
  errcode?: number;
  errstr?: string;
  message?: string;
}

/** Translates node:sqlite errors into PortErrors; anything else (a bug) passes through unchanged. */
export function translateSqliteError(error: unknown): unknown {
  if (isPortError(error)) return error;
  const e = error as SqliteError;
  if (e?.code === 'ERR_INVALID_STATE')
    return new PortError('unavailable', `SQLite store is closed: ${e.message}`, BACKEND);
  if (e?.code !== 'ERR_SQLITE_ERROR' || typeof e.errcode !== 'number') return error;
  const message = `SQLite: ${e.message ?? e.errstr ?? 'error'}`;
  switch (e.errcode & 0xff) {
    case 1: // SQLITE_ERROR: bad SQL, a bug in this adapter
      return error;
    case 5: // SQLITE_BUSY
    case 6: // SQLITE_LOCKED
      return new PortError('unavailable', message, BACKEND);
    case 3: // SQLITE_PERM
    case 8: // SQLITE_READONLY
    case 23: // SQLITE_AUTH
      return new PortError('permission_denied', message, BACKEND);
    case 19: // SQLITE_CONSTRAINT (includes the audit triggers' RAISE(ABORT))
      return new PortError('conflict', message, BACKEND);
    case 18: // SQLITE_TOOBIG
    case 20: // SQLITE_MISMATCH
    case 25: // SQLITE_RANGE
      return new PortError('invalid', message, BACKEND);
    default: // IOERR, FULL, CANTOPEN, CORRUPT, NOTADB, ...
      return new PortError('unavailable', message, BACKEND);
  }
}
