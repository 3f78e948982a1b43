import { PortError } from '../../domain/errors.js';
import type { DatabaseRef, FirestoreBackups, StoredDocument } from '../../ports/firestore-backups.js';
import { DEFAULT_RETRY, withRetries, type RetryPolicy } from '../shared/retry.js';
import { createFirestoreClients, type FirestoreClients, type FirestoreClientSettings } from './clients.js';
import { BACKEND, toPortError, type Action } from './errors.js';
import { mapBackup, mapDatabase, mapOperation, mapSchedule, plain, type ApiOperation } from './mapping.js';
import { vendorClient, type VendorClients } from '../shared/vendor-clients.js';

export interface FirestoreBackupsOptions extends FirestoreClientSettings {
  /** Warms the client after listen, before ready (src/adapters/shared/vendor-clients.ts); unset: loaded on first use. */
  vendorClients?: VendorClients;
  /** Per call (default 15 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

const dbName = (db: DatabaseRef): string => `projects/${db.project}/databases/${db.database}`;
const root = (db: DatabaseRef): string => `${dbName(db)}/documents`;
const nameOf = (db: DatabaseRef, path: string): string => `${root(db)}/${path}`;

/** The Firestore Admin API and the drill's reads through `@google-cloud/firestore`'s v1 clients (REST). */
export function createFirestoreBackups(options: FirestoreBackupsOptions): FirestoreBackups {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const get = vendorClient(
    'Firestore Admin',
    () =>
      createFirestoreClients(options).catch((error: unknown) => {
        throw new PortError('unavailable', `The Firestore client could not start: ${String(error)}`, BACKEND);
      }),
    options.vendorClients,
  );
  /** Reads are retried; a call that starts something (restore, clone, delete) is made once. */
  const call = <T>(action: Action, what: string, run: (c: FirestoreClients) => Promise<T>, retry = true) =>
    withRetries(async () => run(await get()), {
      timeoutMs,
      policy: retry ? policy : { ...policy, attempts: 1 },
      translate: (error) => toPortError(error, action, what),
      timedOut: () =>
        new PortError('timeout', `Firestore did not answer within ${timeoutMs / 1000}s (${what})`, BACKEND),
    });
  const gax = { timeout: timeoutMs, retry: null };
  const stream = <T>(s: NodeJS.ReadableStream): Promise<T[]> =>
    new Promise((resolve, reject) => {
      const out: T[] = [];
      s.on('data', (d: T) => out.push(d));
      s.on('error', reject);
      s.on('end', () => resolve(out));
    });

  return {
    getDatabase: async (db) => {
      try {
        const [d] = await call('read the database', dbName(db), (c) => c.admin.getDatabase({ name: dbName(db) }, gax));
        return mapDatabase(d);
      } catch (error) {
        if (error instanceof PortError && error.code === 'not_found') return null;
        throw error;
      }
    },
    listSchedules: async (db) => {
      const [r] = await call('list backup schedules', dbName(db), (c) =>
        c.admin.listBackupSchedules({ parent: dbName(db) }, gax),
      );
      return (r.backupSchedules ?? []).map(mapSchedule);
    },
    listBackups: async (project) => {
      const [r] = await call('list backups', `projects/${project}`, (c) =>
        c.admin.listBackups({ parent: `projects/${project}/locations/-` }, gax),
      );
      return (r.backups ?? []).map(mapBackup);
    },
    restore: async (project, target, backup) => {
      const [op] = await call(
        'restore a backup',
        backup,
        (c) => c.admin.restoreDatabase({ parent: `projects/${project}`, databaseId: target, backup }, gax),
        false,
      );
      return op.name ?? '';
    },
    // @google-cloud/firestore 7 has no cloneDatabase (it came with a later major): the same REST call, authenticated alike.
    clone: async (project, target, source, snapshotTime) => {
      const op = await call(
        'clone the database',
        dbName(source),
        (c) =>
          c.request<ApiOperation>('POST', `projects/${project}/databases:clone`, {
            databaseId: target,
            pitrSnapshot: { database: dbName(source), snapshotTime },
          }),
        false,
      );
      return op.name ?? '';
    },
    getOperation: async (name) => {
      const op = await call('read the restore operation', name, (c) => c.request<ApiOperation>('GET', name));
      return mapOperation(op);
    },
    deleteDatabase: async (db) => {
      try {
        await call(
          'delete the drill database',
          dbName(db),
          (c) => c.admin.deleteDatabase({ name: dbName(db) }, gax),
          false,
        );
      } catch (error) {
        if (!(error instanceof PortError && error.code === 'not_found')) throw error;
      }
    },
    collectionIds: async (db) => {
      const [ids] = await call('read documents', root(db), (c) =>
        c.data.listCollectionIds({ parent: root(db) }, { ...gax, autoPaginate: true }),
      );
      return ids;
    },
    count: async (db, group, readTime) => {
      const rows = await call('read documents', `${root(db)} ${group}`, (c) =>
        stream<{ result?: { aggregateFields?: Record<string, { integerValue?: unknown }> } }>(
          c.data.runAggregationQuery(
            {
              parent: root(db),
              structuredAggregationQuery: {
                structuredQuery: { from: [{ collectionId: group, allDescendants: true }] },
                aggregations: [{ alias: 'documents', count: {} }],
              },
              ...(readTime ? { readTime: timestamp(readTime) } : {}),
            },
            gax,
          ),
        ),
      );
      const value = rows.find((r) => r.result)?.result?.aggregateFields?.documents?.integerValue;
      return Number(value ?? 0);
    },
    sample: async (db, group, limit) => {
      const rows = await call('read documents', `${root(db)} ${group}`, (c) =>
        stream<{ document?: { name?: string; fields?: unknown } }>(
          c.data.runQuery(
            {
              parent: root(db),
              structuredQuery: {
                from: [{ collectionId: group, allDescendants: true }],
                orderBy: [{ field: { fieldPath: '__name__' }, direction: 'ASCENDING' }],
                limit: { value: limit },
              },
            },
            gax,
          ),
        ),
      );
      return rows.flatMap((r) => (r.document?.name ? [doc(db, r.document.name, r.document.fields)] : []));
    },
    getDocuments: async (db, paths, readTime) => {
      if (paths.length === 0) return [];
      const rows = await call('read documents', root(db), (c) =>
        stream<{ found?: { name?: string; fields?: unknown } }>(
          c.data.batchGetDocuments(
            {
              database: dbName(db),
              documents: paths.map((p) => nameOf(db, p)),
              ...(readTime ? { readTime: timestamp(readTime) } : {}),
            },
            gax,
          ),
        ),
      );
      return rows.flatMap((r) => (r.found?.name ? [doc(db, r.found.name, r.found.fields)] : []));
    },
    loaded: () => get.loaded(),
    close: async () => {
      await (await get.release())?.close();
    },
  };
}

function doc(db: DatabaseRef, name: string, fields: unknown): StoredDocument {
  return { path: name.slice(root(db).length + 1), fields: plain(fields) };
}

function timestamp(iso: string): { seconds: number; nanos: number } {
  const ms = Date.parse(iso);
  return { seconds: Math.floor(ms / 1000), nanos: (ms % 1000) * 1_000_000 };
}
