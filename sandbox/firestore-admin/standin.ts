import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, sendGoogleError } from '../cloud-run/wire.js';
import type { Faults } from '../faults.js';
import { sendJson } from '../http.js';
import { type ApiRequest, GoogleApiStandin } from '../google-api-standin.js';
import { handleAdmin } from './api.js';
import { handleData } from './data.js';
import {
  dbKey,
  documentsAt,
  toFields,
  type BackupState,
  type DatabaseState,
  type Documents,
  type OperationState,
  type ScheduleState,
} from './model.js';
import { numericEnums } from './render.js';
import type { StandinState } from './state.js';

export interface FirestoreAdminStandinOptions {
  faults?: Faults;
  /** How long a restore or clone takes (default 1.5 s), so its progress can be seen. */
  operationMs?: number;
  now?: () => Date;
}

/**
 * A local Firestore: the Admin API (databases, backups, backup schedules, restore, clone, operations) and the data
 * API reads a drill makes, as JSON over REST (enums by name; as numbers when asked with `enum-encoding=int`, as
 * Google does). It keeps its own documents (with their history, for reads at a past time), so it runs without Java
 * or the emulator. Faults come from `Faults`, keyed "METHOD /path"; `failNextRestore`, `hangOperations` and
 * `corruptBackup` make the failures a drill must catch.
 */
export class FirestoreAdminStandin extends GoogleApiStandin implements StandinState {
  readonly databases = new Map<string, DatabaseState>();
  readonly backups = new Map<string, BackupState>();
  readonly schedules: ScheduleState[] = [];
  readonly operations = new Map<string, OperationState>();
  readonly restores: StandinState['restores'] = [];
  readonly nextRestoreFailure: string[] = [];
  hangOperations = false;
  operationMs: number;
  private readonly clock: () => Date;

  constructor(options: FirestoreAdminStandinOptions = {}) {
    super('FirestoreAdminStandin', options.faults);
    this.operationMs = options.operationMs ?? 1500;
    this.clock = options.now ?? (() => new Date());
  }

  now(): Date {
    return this.clock();
  }

  /** A database whose documents are `versions` (each from its time on; plain values). */
  addDatabase(
    project: string,
    id: string,
    options: {
      pitr: boolean;
      createdAt: Date;
      versions: { at: Date; documents: Record<string, Record<string, unknown>> }[];
    },
  ): this {
    this.databases.set(dbKey(project, id), {
      project,
      id,
      uid: randomBytes(8).toString('hex'),
      createdAt: options.createdAt.getTime(),
      pitr: options.pitr,
      versions: options.versions.map((v) => ({
        at: v.at.getTime(),
        documents: new Map(Object.entries(v.documents).map(([p, f]) => [p, toFields(f)])),
      })),
      filling: false,
    });
    return this;
  }

  /** A backup of the database as it was at `snapshotTime`. */
  addBackup(
    project: string,
    database: string,
    backup: { id: string; location?: string; snapshotTime: Date; retentionDays?: number; state?: BackupState['state'] },
  ): this {
    const db = this.databases.get(dbKey(project, database));
    if (!db) throw new Error(`FirestoreAdminStandin: no database ${project}/${database}`);
    const documents = new Map(documentsAt(db, backup.snapshotTime.getTime()));
    this.backups.set(backup.id, {
      project,
      location: backup.location ?? 'eur3',
      id: backup.id,
      database,
      databaseUid: db.uid,
      snapshotTime: backup.snapshotTime.getTime(),
      expireTime: backup.snapshotTime.getTime() + (backup.retentionDays ?? 14) * 86_400_000,
      state: backup.state ?? 'READY',
      documents,
      documentCount: documents.size,
    });
    return this;
  }

  addSchedule(schedule: ScheduleState): this {
    this.schedules.push(schedule);
    return this;
  }

  /** The backup lost `drop` documents of `collection` (its stats still count them): a restore comes back short. */
  corruptBackup(id: string, collection: string, drop: number): void {
    const b = this.backups.get(id);
    if (!b) throw new Error(`FirestoreAdminStandin: no backup ${id}`);
    const paths = [...b.documents.keys()].filter((p) => p.startsWith(`${collection}/`)).slice(0, drop);
    const copy: Documents = new Map(b.documents);
    for (const p of paths) copy.delete(p);
    b.documents = copy;
  }

  /** The next restore (or clone) ends in an error with this message. */
  failNextRestore(message = 'Restore failed: the backup could not be read (INTERNAL).'): void {
    this.nextRestoreFailure.push(message);
  }

  /** Answers calls matching `match` with PERMISSION_DENIED, as Firestore does for a missing role. */
  denyPermission(match: string | RegExp, permission: string, times = 100): void {
    this.faults.inject(
      match,
      {
        kind: 'status',
        status: 403,
        body: {
          error: {
            code: 403,
            message: `Permission '${permission}' denied on resource (or it may not exist).`,
            status: 'PERMISSION_DENIED',
          },
        },
      },
      times,
    );
  }

  addOperation(op: Omit<OperationState, 'name' | 'startedAt' | 'done'>): OperationState {
    const name = `projects/${op.project}/databases/${op.database}/operations/${randomBytes(6).toString('hex')}`;
    const full: OperationState = { ...op, name, startedAt: this.now().getTime(), done: false };
    this.operations.set(name, full);
    this.settle();
    return full;
  }

  settle(): void {
    const now = this.now().getTime();
    for (const op of this.operations.values()) {
      if (op.done || op.doneAt === undefined || op.doneAt > now) continue;
      op.done = true;
      const db = this.databases.get(dbKey(op.project, op.database));
      if (!db || op.kind === 'delete') continue;
      db.filling = false;
      if (!op.error) db.versions = [{ at: op.doneAt, documents: new Map(op.documents ?? []) }];
    }
  }

  /** Finishes hung operations now (and lets new ones finish again). */
  finishOperations(): void {
    this.hangOperations = false;
    const now = this.now().getTime();
    for (const op of this.operations.values()) if (!op.done && op.doneAt === undefined) op.doneAt = now;
    this.settle();
  }

  protected async serve(req: IncomingMessage, res: ServerResponse, { url, path, method }: ApiRequest): Promise<void> {
    try {
      const body = (await handleAdmin(this, method, path, req)) ?? (await handleData(this, method, path, req));
      if (body === undefined) return sendGoogleError(res, 404, `No route for ${method} ${path}.`, 'NOT_FOUND');
      const numeric = /enum-encoding=int/.test(url.searchParams.get('$alt') ?? '');
      sendJson(res, 200, numeric ? numericEnums(body) : body);
    } catch (error) {
      if (error instanceof ApiError) return sendGoogleError(res, error.httpStatus, error.message, error.status);
      throw error;
    }
  }
}
