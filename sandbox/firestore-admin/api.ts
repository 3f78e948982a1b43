import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ApiError } from '../cloud-run/wire.js';
import { readBody } from '../http.js';
import { dbKey, documentsAt, type BackupState, type DatabaseState, type OperationState } from './model.js';
import { backupName, databaseName, renderBackup, renderDatabase, renderOperation, renderSchedule } from './render.js';
import type { StandinState } from './state.js';

/**
 * The Firestore Admin API routes the bot calls (google/firestore/admin/v1/firestore_admin.proto's HTTP rules):
 * databases get/delete, `databases:restore`, `databases:clone`, backups list/get, backup schedules list and
 * operations get. Returns the JSON body to send (enum names), or undefined when the path is not one of them.
 */

const P = '^/v1/projects/([^/]+)';
const ROUTES = {
  database: new RegExp(`${P}/databases/([^/:]+)$`),
  schedules: new RegExp(`${P}/databases/([^/]+)/backupSchedules$`),
  operation: new RegExp(`${P}/databases/([^/]+)/operations/([^/]+)$`),
  restore: new RegExp(`${P}/databases:restore$`),
  clone: new RegExp(`${P}/databases:clone$`),
  backups: new RegExp(`${P}/locations/([^/]+)/backups$`),
  backup: new RegExp(`${P}/locations/([^/]+)/backups/([^/]+)$`),
};

const DATABASE_ID = /^[a-z][a-z0-9-]{2,61}[a-z0-9]$/;

export async function handleAdmin(
  state: StandinState,
  method: string,
  path: string,
  req: IncomingMessage,
): Promise<unknown> {
  const now = state.now().getTime();
  let m: RegExpExecArray | null;
  if ((m = ROUTES.database.exec(path))) {
    const db = findDatabase(state, m[1]!, m[2]!);
    if (method === 'GET') return renderDatabase(db, now);
    if (method === 'DELETE') {
      state.databases.delete(dbKey(db.project, db.id));
      const op = state.addOperation({ kind: 'delete', project: db.project, database: db.id, doneAt: now });
      return renderOperation(op, now, renderDatabase(db, now));
    }
  }
  if (method === 'GET' && (m = ROUTES.schedules.exec(path))) {
    const db = findDatabase(state, m[1]!, m[2]!);
    const schedules = state.schedules.filter((s) => s.project === db.project && s.database === db.id);
    return { backupSchedules: schedules.map((s) => renderSchedule(s, db.createdAt)) };
  }
  if (method === 'GET' && (m = ROUTES.operation.exec(path))) {
    const op = state.operations.get(`projects/${m[1]}/databases/${m[2]}/operations/${m[3]}`);
    if (!op) throw new ApiError(404, 'Operation not found.', 'NOT_FOUND');
    state.settle();
    const made = state.databases.get(dbKey(op.project, op.database));
    return renderOperation(op, now, made ? renderDatabase(made, now) : undefined);
  }
  if (method === 'GET' && (m = ROUTES.backups.exec(path))) {
    const [project, location] = [m[1]!, m[2]!];
    const backups = [...state.backups.values()].filter(
      (b) => b.project === project && (location === '-' || b.location === location),
    );
    return { backups: backups.map(renderBackup) };
  }
  if (method === 'GET' && (m = ROUTES.backup.exec(path))) return renderBackup(findBackup(state, path.slice(4)));
  if (method === 'POST' && (m = ROUTES.restore.exec(path))) {
    const body = await json(req);
    const project = m[1]!;
    const target = newDatabaseId(state, project, body.databaseId);
    const backup = findBackup(state, String(body.backup ?? ''));
    if (backup.state !== 'READY')
      throw new ApiError(
        400,
        `Backup ${backupName(backup)} is not READY (it is ${backup.state}).`,
        'FAILED_PRECONDITION',
      );
    return start(state, 'restore', project, target, { backup: backupName(backup), documents: backup.documents });
  }
  if (method === 'POST' && (m = ROUTES.clone.exec(path))) {
    const body = await json(req);
    const project = m[1]!;
    const target = newDatabaseId(state, project, body.databaseId);
    const snapshot = (body.pitrSnapshot ?? {}) as { database?: string; snapshotTime?: string };
    const [, sp, sd] = /^projects\/([^/]+)\/databases\/([^/]+)$/.exec(snapshot.database ?? '') ?? [];
    const source = findDatabase(state, sp ?? '', sd ?? '');
    const at = Date.parse(snapshot.snapshotTime ?? '');
    const earliest = Date.parse(String(renderDatabase(source, now).earliestVersionTime));
    if (Number.isNaN(at) || at < earliest || at > now)
      throw new ApiError(
        400,
        'pitr_snapshot.snapshot_time is outside the version retention window.',
        'INVALID_ARGUMENT',
      );
    return start(state, 'clone', project, target, {
      pitr: { database: databaseName(source.project, source.id), snapshotTime: at },
      documents: documentsAt(source, at),
    });
  }
  return undefined;
}

function start(
  state: StandinState,
  kind: 'restore' | 'clone',
  project: string,
  target: string,
  what: Pick<OperationState, 'backup' | 'pitr' | 'documents'>,
): unknown {
  const now = state.now().getTime();
  const failure = state.nextRestoreFailure.shift();
  const op = state.addOperation({
    kind,
    project,
    database: target,
    ...what,
    ...(state.hangOperations ? {} : { doneAt: now + state.operationMs }),
    ...(failure ? { error: { code: 13, message: failure } } : {}),
  });
  const db: DatabaseState = {
    project,
    id: target,
    uid: randomBytes(8).toString('hex'),
    createdAt: now,
    pitr: false,
    versions: [],
    source: { ...(what.backup ? { backup: what.backup } : {}), operation: op.name },
    filling: true,
  };
  state.databases.set(dbKey(project, target), db);
  state.restores.push({ kind, target, ...(what.backup ? { backup: what.backup } : {}) });
  return renderOperation(op, now);
}

function newDatabaseId(state: StandinState, project: string, id: unknown): string {
  if (typeof id !== 'string' || !DATABASE_ID.test(id))
    throw new ApiError(400, `Invalid database_id: ${String(id)}.`, 'INVALID_ARGUMENT');
  if (state.databases.has(dbKey(project, id)))
    throw new ApiError(409, `Database ${databaseName(project, id)} already exists.`, 'ALREADY_EXISTS');
  return id;
}

export function findDatabase(state: StandinState, project: string, id: string): DatabaseState {
  const db = state.databases.get(dbKey(project, id));
  if (!db) throw new ApiError(404, `The database ${id} does not exist for project ${project}`, 'NOT_FOUND');
  return db;
}

function findBackup(state: StandinState, name: string): BackupState {
  const b = [...state.backups.values()].find((x) => backupName(x) === name);
  if (!b) throw new ApiError(404, `Backup ${name} not found.`, 'NOT_FOUND');
  return b;
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    return JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
  } catch {
    throw new ApiError(400, 'Invalid JSON payload received.', 'INVALID_ARGUMENT');
  }
}
