/**
 * Document shapes and queries of the Firestore Store adapter. firebase-admin is only referenced as a
 * type here; its runtime module is passed in by `openFirestoreStore`, which loads it lazily.
 */
import type { DocumentSnapshot, Query, Timestamp } from 'firebase-admin/firestore';
import { PortError } from '../../domain/errors.js';
import type { AuditEvent, AuditQuery, Collection, ListQuery, Versioned } from '../../ports/store.js';
import { DEFAULT_AUDIT_LIMIT, assertDate, assertFieldName, normalizeLimit, readRecord } from '../store-support.js';
import { BACKEND } from './firestore-errors.js';

export type FirestoreModule = typeof import('firebase-admin/firestore');

/** A document of `${prefix}audit`; its ID is the audit ID. */
export interface AuditDoc {
  actor: string;
  action: string;
  target: string;
  at: Timestamp;
  details: Record<string, unknown>;
}

/** A document of `${prefix}records_${collection}`; its ID is the record ID. */
export interface RecordDoc {
  version: number;
  data: unknown;
  updatedAt: Timestamp;
}

export const toAuditEvent = (snapshot: DocumentSnapshot): AuditEvent => {
  const doc = snapshot.data() as AuditDoc;
  return {
    id: snapshot.id,
    actor: doc.actor,
    action: doc.action,
    target: doc.target,
    at: doc.at.toDate(),
    details: doc.details,
  };
};

export const toVersioned = <T>(collection: Collection<T>, snapshot: DocumentSnapshot): Versioned<T> => {
  const doc = snapshot.data() as RecordDoc;
  const data = readRecord(collection, snapshot.id, doc.data, BACKEND);
  return { id: snapshot.id, version: doc.version, data, updatedAt: doc.updatedAt.toDate() };
};

/**
 * Filter by target and [since, until); newest first (ties: the later ID first); limit default 100.
 * With a target it needs the composite index (target asc, at desc) of firestore.indexes.json.
 * Returns null when the limit is 0.
 */
export function auditQuery(audit: Query, query: AuditQuery, admin: FirestoreModule): Query | null {
  const { Timestamp: Ts, FieldPath } = admin;
  const limit = normalizeLimit(query.limit, DEFAULT_AUDIT_LIMIT, BACKEND) ?? DEFAULT_AUDIT_LIMIT;
  if (limit === 0) return null;
  let q = audit;
  if (query.target !== undefined) q = q.where('target', '==', query.target);
  if (query.since !== undefined) {
    assertDate(query.since, 'since', BACKEND);
    q = q.where('at', '>=', Ts.fromMillis(query.since.getTime()));
  }
  if (query.until !== undefined) {
    assertDate(query.until, 'until', BACKEND);
    q = q.where('at', '<', Ts.fromMillis(query.until.getTime()));
  }
  return q.orderBy('at', 'desc').orderBy(FieldPath.documentId(), 'desc').limit(limit);
}

/**
 * Equality filters and ordering on top-level fields of `data` (type-strict; documents without the
 * orderBy field are left out; ties sort by ID). `where` together with `orderBy` needs a composite
 * index on that records collection in production. Returns null when the limit is 0.
 */
export function listQuery(records: Query, query: ListQuery, admin: FirestoreModule): Query | null {
  const dataPath = (field: string) => {
    assertFieldName(field, BACKEND);
    return new admin.FieldPath('data', field);
  };
  const limit = normalizeLimit(query.limit, undefined, BACKEND);
  let q = records;
  for (const [field, value] of Object.entries(query.where ?? {})) {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new PortError('invalid', `Filter on ${field} must be a finite number`, BACKEND);
    }
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new PortError('invalid', `Filter on ${field} must be a string, number or boolean`, BACKEND);
    }
    q = q.where(dataPath(field), '==', value);
  }
  if (query.orderBy !== undefined) {
    const direction = query.orderBy.direction === 'desc' ? 'desc' : 'asc';
    q = q.orderBy(dataPath(query.orderBy.field), direction).orderBy(admin.FieldPath.documentId(), direction);
  }
  if (limit === 0) return null;
  return limit === undefined ? q : q.limit(limit);
}
