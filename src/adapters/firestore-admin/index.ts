import { PortError } from '../../domain/errors.js';
import type { DatabaseRef, FirestoreBackups, StoredDocument } from '../../ports/firestore-backups.js';
import { toPortError, type Action } from './errors.js';
import {
  mapBackup,
  mapDatabase,
  mapOperation,
  mapSchedule,
  type ApiBackup,
  type ApiDatabase,
  type ApiDocument,
  type ApiOperation,
  type ApiSchedule,
} from './mapping.js';
import { allPages } from '../shared/google-rest.js';
import { firestoreRest, type FirestoreRestSettings } from './rest.js';

export type FirestoreBackupsOptions = FirestoreRestSettings;

const dbName = (db: DatabaseRef): string => `projects/${db.project}/databases/${db.database}`;
const root = (db: DatabaseRef): string => `${dbName(db)}/documents`;
const nameOf = (db: DatabaseRef, path: string): string => `${root(db)}/${path}`;

/**
 * The Firestore Admin API (google/firestore/admin/v1) and the drill's reads through the data API
 * (google/firestore/v1), as JSON over REST (rest.ts). Reads are retried; a call that starts something is made once.
 */
export function createFirestoreBackups(options: FirestoreBackupsOptions): FirestoreBackups {
  const call = firestoreRest(options);
  /** A streaming method answers over REST with a JSON array of its messages; a failure mid-stream is `{ error }`. */
  const streamed = async <T>(action: Action, what: string, path: string, body: unknown): Promise<T[]> => {
    const answer = await call<unknown>(action, what, 'POST', path, body);
    const messages = (Array.isArray(answer) ? answer : [answer]).filter(
      (m): m is T & { error?: unknown } => typeof m === 'object' && m !== null,
    );
    const failed = messages.find((m) => m.error);
    if (failed) throw toPortError(new Error(JSON.stringify(failed)), action, what);
    return messages;
  };

  return {
    getDatabase: async (db) => {
      try {
        return mapDatabase(await call<ApiDatabase>('read the database', dbName(db), 'GET', dbName(db)));
      } catch (error) {
        if (error instanceof PortError && error.code === 'not_found') return null;
        throw error;
      }
    },
    listSchedules: async (db) => {
      const path = `${dbName(db)}/backupSchedules`;
      const r = await call<{ backupSchedules?: ApiSchedule[] }>('list backup schedules', dbName(db), 'GET', path);
      return (r.backupSchedules ?? []).map(mapSchedule);
    },
    listBackups: async (project) => {
      const path = `projects/${project}/locations/-/backups`;
      const r = await call<{ backups?: ApiBackup[] }>('list backups', `projects/${project}`, 'GET', path);
      return (r.backups ?? []).map(mapBackup);
    },
    restore: async (project, target, backup) => {
      const path = `projects/${project}/databases:restore`;
      const op = await call.once<ApiOperation>('restore a backup', backup, 'POST', path, {
        databaseId: target,
        backup,
      });
      return op.name ?? '';
    },
    clone: async (project, target, source, snapshotTime) => {
      const op = await call.once<ApiOperation>(
        'clone the database',
        dbName(source),
        'POST',
        `projects/${project}/databases:clone`,
        { databaseId: target, pitrSnapshot: { database: dbName(source), snapshotTime } },
      );
      return op.name ?? '';
    },
    getOperation: async (name) =>
      mapOperation(await call<ApiOperation>('read the restore operation', name, 'GET', name)),
    deleteDatabase: async (db) => {
      try {
        await call.once('delete the drill database', dbName(db), 'DELETE', dbName(db));
      } catch (error) {
        if (!(error instanceof PortError && error.code === 'not_found')) throw error;
      }
    },
    collectionIds: (db) =>
      allPages(
        (pageToken) =>
          call<{ collectionIds?: string[]; nextPageToken?: string }>(
            'read documents',
            root(db),
            'POST',
            `${root(db)}:listCollectionIds`,
            pageToken ? { pageToken } : {},
          ),
        (page) => page.collectionIds,
      ),
    count: async (db, group, readTime) => {
      const rows = await streamed<{ result?: { aggregateFields?: Record<string, { integerValue?: string }> } }>(
        'read documents',
        `${root(db)} ${group}`,
        `${root(db)}:runAggregationQuery`,
        {
          structuredAggregationQuery: {
            structuredQuery: { from: [{ collectionId: group, allDescendants: true }] },
            aggregations: [{ alias: 'documents', count: {} }],
          },
          ...(readTime ? { readTime: rfc3339(readTime) } : {}),
        },
      );
      const value = rows.find((r) => r.result)?.result?.aggregateFields?.documents?.integerValue;
      return Number(value ?? 0);
    },
    sample: async (db, group, limit) => {
      const rows = await streamed<{ document?: ApiDocument }>(
        'read documents',
        `${root(db)} ${group}`,
        `${root(db)}:runQuery`,
        {
          structuredQuery: {
            from: [{ collectionId: group, allDescendants: true }],
            orderBy: [{ field: { fieldPath: '__name__' }, direction: 'ASCENDING' }],
            limit,
          },
        },
      );
      return rows.flatMap((r) => (r.document?.name ? [doc(db, r.document)] : []));
    },
    getDocuments: async (db, paths, readTime) => {
      if (paths.length === 0) return [];
      const rows = await streamed<{ found?: ApiDocument }>('read documents', root(db), `${root(db)}:batchGet`, {
        documents: paths.map((p) => nameOf(db, p)),
        ...(readTime ? { readTime: rfc3339(readTime) } : {}),
      });
      return rows.flatMap((r) => (r.found?.name ? [doc(db, r.found)] : []));
    },
    loaded: () => call.loaded(),
    close: () => call.release(),
  };
}

function doc(db: DatabaseRef, document: ApiDocument): StoredDocument {
  return { path: (document.name ?? '').slice(root(db).length + 1), fields: document.fields ?? {} };
}

/** A Timestamp as the REST API takes it, whatever ISO 8601 form the caller gave. */
const rfc3339 = (iso: string): string => new Date(iso).toISOString();
