/**
 * SQL for the SQLite Store adapter's dynamic queries (audit and list) and row conversion.
 * Values always travel as bound parameters; field names, which end up in a JSON path, are checked
 * to be [A-Za-z0-9_]+ and are bound too.
 */
import type { SQLInputValue } from 'node:sqlite';
import { PortError } from '../../domain/errors.js';
import type { AuditEvent, AuditQuery, Collection, ListQuery, Versioned } from '../../ports/store.js';
import { DEFAULT_AUDIT_LIMIT, assertDate, assertFieldName, normalizeLimit, readRecord } from '../store-support.js';
import { BACKEND } from './sqlite-schema.js';

export interface AuditRow {
  id: string;
  actor: string;
  action: string;
  target: string;
  at: number;
  details: string;
}

export interface RecordRow {
  id: string;
  version: number;
  data: string;
  updated_at: number;
}

export interface Sql {
  sql: string;
  params: SQLInputValue[];
}

export const toAuditEvent = (row: AuditRow): AuditEvent => ({
  id: row.id,
  actor: row.actor,
  action: row.action,
  target: row.target,
  at: new Date(Number(row.at)),
  details: JSON.parse(row.details) as Record<string, unknown>,
});

export const toVersioned = <T>(collection: Collection<T>, row: RecordRow): Versioned<T> => ({
  id: row.id,
  version: Number(row.version),
  data: readRecord(collection, row.id, JSON.parse(row.data), BACKEND),
  updatedAt: new Date(Number(row.updated_at)),
});

/** `$."field"`: a JSON path to a top-level field of the data. */
const jsonPath = (field: string): string => {
  assertFieldName(field, BACKEND);
  return `$."${field}"`;
};

/** Filter by target and [since, until); newest first (ties: the later ID first); limit default 100. */
export function auditSql(query: AuditQuery): Sql {
  const limit = normalizeLimit(query.limit, DEFAULT_AUDIT_LIMIT, BACKEND) ?? DEFAULT_AUDIT_LIMIT;
  const clauses: string[] = [];
  const params: SQLInputValue[] = [];
  if (query.target !== undefined) {
    clauses.push('target = ?');
    params.push(query.target);
  }
  if (query.since !== undefined) {
    assertDate(query.since, 'since', BACKEND);
    clauses.push('at >= ?');
    params.push(query.since.getTime());
  }
  if (query.until !== undefined) {
    assertDate(query.until, 'until', BACKEND);
    clauses.push('at < ?');
    params.push(query.until.getTime());
  }
  const where = clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '';
  params.push(limit);
  return {
    sql: `SELECT id, actor, action, target, at, details FROM audit ${where} ORDER BY at DESC, id DESC LIMIT ?`,
    params,
  };
}

/**
 * Type-strict equality on top-level data fields (the number 3 does not match the string "3", as in
 * Firestore); records without the orderBy field are left out, as in Firestore; ties sort by id.
 */
export function listSql(collection: string, query: ListQuery): Sql {
  const limit = normalizeLimit(query.limit, undefined, BACKEND);
  const clauses = ['collection = ?'];
  const params: SQLInputValue[] = [collection];
  for (const [field, value] of Object.entries(query.where ?? {})) {
    const path = jsonPath(field);
    if (typeof value === 'boolean') {
      clauses.push('json_type(data, ?) = ?');
      params.push(path, value ? 'true' : 'false');
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value))
        throw new PortError('invalid', `Filter on ${field} must be a finite number`, BACKEND);
      clauses.push("json_type(data, ?) IN ('integer', 'real') AND json_extract(data, ?) = ?");
      params.push(path, path, value);
    } else if (typeof value === 'string') {
      clauses.push("json_type(data, ?) = 'text' AND json_extract(data, ?) = ?");
      params.push(path, path, value);
    } else {
      throw new PortError('invalid', `Filter on ${field} must be a string, number or boolean`, BACKEND);
    }
  }
  let order = 'ORDER BY id ASC';
  if (query.orderBy !== undefined) {
    const path = jsonPath(query.orderBy.field);
    const direction = query.orderBy.direction === 'desc' ? 'DESC' : 'ASC';
    clauses.push('json_type(data, ?) IS NOT NULL');
    params.push(path);
    order = `ORDER BY json_extract(data, ?) ${direction}, id ${direction}`;
    params.push(path);
  }
  let sql = `SELECT id, version, data, updated_at FROM records WHERE ${clauses.join(' AND ')} ${order}`;
  if (limit !== undefined) {
    sql += ' LIMIT ?';
    params.push(limit);
  }
  return { sql, params };
}
