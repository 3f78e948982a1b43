/** Vendor errors become PortErrors (no backend needed). */
import { describe, expect, it } from 'vitest';
import { translateFirestoreError } from '../../src/adapters/firestore/firestore-errors.js';
import { translateSqliteError } from '../../src/adapters/sqlite/sqlite-schema.js';
import { PortError } from '../../src/domain/errors.js';
import { newAuditId } from '../../src/adapters/store-support.js';

const grpcError = (code: number) => Object.assign(new Error(`${code} SOME_STATUS: boom`), { code });

describe('translateFirestoreError', () => {
  it.each([
    [7, 'permission_denied'],
    [16, 'unauthenticated'],
    [8, 'rate_limited'],
    [14, 'unavailable'],
    [4, 'timeout'],
    [5, 'not_found'],
    [3, 'invalid'],
    [10, 'conflict'],
  ])('gRPC status %i → %s', (code, expected) => {
    const translated = translateFirestoreError(grpcError(code));
    expect(translated).toBeInstanceOf(PortError);
    expect(translated).toMatchObject({ code: expected, backend: 'Firestore' });
    expect((translated as PortError).message).toContain('boom');
  });

  it('maps missing Google credentials to unauthenticated', () => {
    const error = new Error(
      'Could not load the default credentials. Browse to https://cloud.google.com/docs/authentication',
    );
    expect(translateFirestoreError(error)).toMatchObject({ code: 'unauthenticated', backend: 'Firestore' });
  });

  it('leaves programming errors and PortErrors alone', () => {
    const bug = new TypeError('x is undefined');
    expect(translateFirestoreError(bug)).toBe(bug);
    const port = new PortError('invalid', 'bad', 'Firestore');
    expect(translateFirestoreError(port)).toBe(port);
  });
});

describe('translateSqliteError', () => {
  const sqliteError = (errcode: number) =>
    Object.assign(new Error('database is locked'), { code: 'ERR_SQLITE_ERROR', errcode, errstr: 'x' });

  it.each([
    [5, 'unavailable'], // SQLITE_BUSY
    [261, 'unavailable'], // SQLITE_BUSY_RECOVERY (extended code)
    [8, 'permission_denied'], // SQLITE_READONLY
    [1811, 'conflict'], // SQLITE_CONSTRAINT_TRIGGER
    [13, 'unavailable'], // SQLITE_FULL
  ])('errcode %i → %s', (errcode, expected) => {
    expect(translateSqliteError(sqliteError(errcode))).toMatchObject({ code: expected, backend: 'SQLite' });
  });

  it('leaves SQL logic errors (bugs) alone', () => {
    const error = sqliteError(1);
    expect(translateSqliteError(error)).toBe(error);
  });
});

describe('newAuditId', () => {
  it('sorts by time, then by creation order within one millisecond', () => {
    const early = newAuditId(new Date(1_000));
    const sameA = newAuditId(new Date(2_000));
    const sameB = newAuditId(new Date(2_000));
    const late = newAuditId(new Date(1_767_225_600_000));
    expect([late, sameB, early, sameA].sort()).toEqual([early, sameA, sameB, late]);
    expect(late).toMatch(/^1767225600000-[0-9a-z]{4}-[0-9a-f]{10}$/);
  });
});
