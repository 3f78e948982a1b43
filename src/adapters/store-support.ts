/**
 * Rules shared by the Store adapters (SQLite and Firestore), so both accept and reject the same input.
 */
import { randomBytes } from 'node:crypto';
import { PortError } from '../domain/errors.js';
import type { Collection } from '../ports/store.js';

export const DEFAULT_AUDIT_LIMIT = 100;

let sequence = 0;
const SEQUENCE_SPACE = 36 ** 4;

/**
 * An audit ID that sorts by time: 13-digit zero-padded epoch millis, a per-process counter (so IDs
 * made in the same millisecond by one process keep their order) and a random suffix (so two
 * processes never collide). Example: `1767225600000-0003-9f2c4a1b7e`.
 */
export function newAuditId(at: Date): string {
  const time = String(Math.max(0, at.getTime())).padStart(13, '0');
  const seq = sequence.toString(36).padStart(4, '0');
  sequence = (sequence + 1) % SEQUENCE_SPACE;
  return `${time}-${seq}-${randomBytes(5).toString('hex')}`;
}

const FIELD_NAME = /^[A-Za-z0-9_]+$/;
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,100}$/;

/** Field names go into a JSON path (SQLite) or a field path (Firestore): letters, digits and `_` only. */
export function assertFieldName(field: string, backend: string): void {
  if (!FIELD_NAME.test(field)) {
    throw new PortError(
      'invalid',
      `Invalid field name ${JSON.stringify(field)}: use letters, digits and _ only`,
      backend,
    );
  }
}

/**
 * A stored record's data, checked against its collection's schema. A record that does not match (written by hand,
 * by an older bot with a bug, or damaged) fails this read with a message naming it, never a TypeError further on.
 */
export function readRecord<T>(collection: Collection<T>, id: string, data: unknown, backend: string): T {
  try {
    return collection.parse(data);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new PortError('invalid', `Stored record ${collection.name}/${id} does not match its schema: ${why}`, backend);
  }
}

export function assertCollection(collection: string, backend: string): void {
  if (!COLLECTION_NAME.test(collection)) {
    throw new PortError(
      'invalid',
      `Invalid collection name ${JSON.stringify(collection)}: use 1-100 letters, digits, _ or -`,
      backend,
    );
  }
}

/**
 * Record IDs must also be valid Firestore document IDs, so both adapters reject the same ones:
 * non-empty, at most 500 characters, no `/`, not `.` or `..`, not `__name__`-style.
 */
export function assertRecordId(id: string, backend: string): void {
  if (
    typeof id !== 'string' ||
    id.length === 0 ||
    id.length > 500 ||
    id.includes('/') ||
    id === '.' ||
    id === '..' ||
    /^__.*__$/.test(id)
  ) {
    throw new PortError(
      'invalid',
      `Invalid record id ${JSON.stringify(id)}: 1-500 characters, no "/", not "." or "..", not __x__`,
      backend,
    );
  }
}

export function normalizeLimit(
  limit: number | undefined,
  fallback: number | undefined,
  backend: string,
): number | undefined {
  const value = limit ?? fallback;
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PortError('invalid', `Invalid limit ${String(value)}: use a non-negative integer`, backend);
  }
  return value;
}

/**
 * Record data and audit details must be JSON-serialisable. Both adapters store exactly what
 * `JSON.stringify` keeps: Dates become ISO strings, `undefined` properties disappear, and so on.
 * Firestore adds two limits of its own, enforced here for both adapters so that data accepted by the
 * SQLite store is accepted in production too: no array directly inside an array, and at most 16
 * levels of nesting. Returns the JSON text and the value as it will read back.
 */
export function toJson(value: unknown, what: string, backend: string): { text: string; value: unknown } {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    throw new PortError('invalid', `${what} is not JSON-serialisable: ${(error as Error).message}`, backend);
  }
  if (text === undefined) throw new PortError('invalid', `${what} is not JSON-serialisable`, backend);
  const parsed = JSON.parse(text) as unknown;
  assertFirestoreCompatible(parsed, what, backend);
  return { text, value: parsed };
}

function assertFirestoreCompatible(value: unknown, what: string, backend: string, depth = 0, inArray = false): void {
  if (depth > 16) throw new PortError('invalid', `${what} is nested more than 16 levels deep`, backend);
  if (Array.isArray(value)) {
    if (inArray) throw new PortError('invalid', `${what} holds an array directly inside an array`, backend);
    for (const item of value) assertFirestoreCompatible(item, what, backend, depth + 1, true);
  } else if (value !== null && typeof value === 'object') {
    for (const item of Object.values(value)) assertFirestoreCompatible(item, what, backend, depth + 1, false);
  }
}

export function assertDate(value: Date, what: string, backend: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new PortError('invalid', `${what} must be a valid Date`, backend);
  }
}
