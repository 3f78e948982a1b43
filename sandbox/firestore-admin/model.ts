/**
 * The Firestore stand-in's state: databases with their documents over time (so a read at a past `readTime`
 * sees the database as it was), backups holding a copy of their database at `snapshotTime`, backup schedules,
 * and long-running operations (restore, clone, delete).
 */

/** A document's fields as Firestore's REST API writes them: `{ title: { stringValue: "…" } }`. */
export type Fields = Record<string, unknown>;
/** Documents by path inside the database: `users/u1`, `users/u1/orders/o1`. */
export type Documents = Map<string, Fields>;

export interface DatabaseState {
  project: string;
  id: string;
  uid: string;
  createdAt: number;
  pitr: boolean;
  /** The documents from each time on, oldest first; a read at T sees the last version at or before T. */
  versions: { at: number; documents: Documents }[];
  /** Restored or cloned: whence, and the operation that made it. */
  source?: { backup?: string; operation: string };
  /** A restore or clone still fills it: reads see nothing yet. */
  filling: boolean;
}

export interface BackupState {
  project: string;
  location: string;
  id: string;
  database: string;
  databaseUid: string;
  snapshotTime: number;
  expireTime: number;
  state: 'READY' | 'CREATING' | 'NOT_AVAILABLE';
  documents: Documents;
  /** `stats.documentCount`: what was counted when the backup was taken. */
  documentCount: number;
}

export interface ScheduleState {
  project: string;
  database: string;
  id: string;
  retentionSeconds: number;
  /** Weekly: the day (MONDAY …); daily otherwise. */
  weekday?: string;
}

export interface OperationState {
  name: string;
  kind: 'restore' | 'clone' | 'delete';
  project: string;
  database: string;
  startedAt: number;
  /** When it finishes; undefined: never (a hung operation). */
  doneAt?: number;
  done: boolean;
  error?: { code: number; message: string };
  backup?: string;
  pitr?: { database: string; snapshotTime: number };
  /** What the new database gets when the operation finishes. */
  documents?: Documents;
}

export const dbKey = (project: string, id: string): string => `${project}/${id}`;

/** The documents as they were at `at` (the newest version at or before it); the current ones without `at`. */
export function documentsAt(db: DatabaseState, at?: number): Documents {
  let found: Documents = new Map();
  for (const v of db.versions) if (at === undefined || v.at <= at) found = v.documents;
  return db.filling ? new Map() : found;
}

/** Plain values as Firestore Values (strings, numbers, booleans, null, arrays, maps, Dates). */
export function toFields(plain: Record<string, unknown>): Fields {
  return Object.fromEntries(Object.entries(plain).map(([k, v]) => [k, toValue(v)]));
}

function toValue(v: unknown): unknown {
  if (v === null || v === undefined) return { nullValue: 'NULL_VALUE' };
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'boolean') return { booleanValue: v };
  if (typeof v === 'number') return Number.isInteger(v) ? { integerValue: String(v) } : { doubleValue: v };
  if (v instanceof Date) return { timestampValue: v.toISOString() };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(toValue) } };
  return { mapValue: { fields: toFields(v as Record<string, unknown>) } };
}

/** The collection group a document belongs to: the ID of the collection that holds it. */
export const groupOf = (path: string): string => {
  const parts = path.split('/');
  return parts[parts.length - 2] ?? '';
};
