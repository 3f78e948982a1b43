import type { BackupState, DatabaseState, OperationState, ScheduleState } from './model.js';

/**
 * Resources as Firestore's REST front end writes them (google/firestore/admin/v1: database.proto, backup.proto,
 * schedule.proto, operation.proto). Enums by name; `numericEnums` turns them into numbers for a client that asks
 * for `$alt=json;enum-encoding=int`, as google-gax does.
 */

const ADMIN = 'type.googleapis.com/google.firestore.admin.v1';
const iso = (ms: number): string => new Date(ms).toISOString();

export const databaseName = (project: string, id: string): string => `projects/${project}/databases/${id}`;
export const backupName = (b: BackupState): string => `projects/${b.project}/locations/${b.location}/backups/${b.id}`;

/** PITR keeps 7 days of versions; without it Firestore keeps one hour. */
export const retentionMs = (db: DatabaseState): number => (db.pitr ? 7 * 86_400_000 : 3_600_000);

export function renderDatabase(db: DatabaseState, now: number): Record<string, unknown> {
  return {
    name: databaseName(db.project, db.id),
    uid: db.uid,
    createTime: iso(db.createdAt),
    updateTime: iso(db.createdAt),
    locationId: 'eur3',
    type: 'FIRESTORE_NATIVE',
    concurrencyMode: 'PESSIMISTIC',
    versionRetentionPeriod: `${retentionMs(db) / 1000}s`,
    earliestVersionTime: iso(Math.max(db.createdAt, now - retentionMs(db))),
    pointInTimeRecoveryEnablement: db.pitr ? 'POINT_IN_TIME_RECOVERY_ENABLED' : 'POINT_IN_TIME_RECOVERY_DISABLED',
    appEngineIntegrationMode: 'DISABLED',
    deleteProtectionState: 'DELETE_PROTECTION_DISABLED',
    ...(db.source
      ? {
          sourceInfo: {
            ...(db.source.backup ? { backup: { backup: db.source.backup } } : {}),
            operation: db.source.operation,
          },
        }
      : {}),
    etag: `"${db.uid}"`,
  };
}

export function renderBackup(b: BackupState): Record<string, unknown> {
  return {
    name: backupName(b),
    database: databaseName(b.project, b.database),
    databaseUid: b.databaseUid,
    snapshotTime: iso(b.snapshotTime),
    expireTime: iso(b.expireTime),
    ...(b.state === 'READY'
      ? {
          stats: { sizeBytes: String(b.documentCount * 1024), documentCount: String(b.documentCount), indexCount: '4' },
        }
      : {}),
    state: b.state,
  };
}

export function renderSchedule(s: ScheduleState, createdAt: number): Record<string, unknown> {
  return {
    name: `${databaseName(s.project, s.database)}/backupSchedules/${s.id}`,
    createTime: iso(createdAt),
    updateTime: iso(createdAt),
    retention: `${s.retentionSeconds}s`,
    ...(s.weekday ? { weeklyRecurrence: { day: s.weekday } } : { dailyRecurrence: {} }),
  };
}

const METADATA = {
  restore: 'RestoreDatabaseMetadata',
  clone: 'CloneDatabaseMetadata',
  delete: 'DeleteDatabaseMetadata',
};

export function renderOperation(op: OperationState, now: number, response?: unknown): Record<string, unknown> {
  const percent =
    op.done || op.doneAt === undefined
      ? op.done
        ? 100
        : Math.min(90, Math.floor((now - op.startedAt) / 1000))
      : Math.min(99, Math.floor(((now - op.startedAt) / Math.max(1, op.doneAt - op.startedAt)) * 100));
  const state = op.done ? (op.error ? 'FAILED' : 'SUCCESSFUL') : 'PROCESSING';
  const metadata: Record<string, unknown> = { '@type': `${ADMIN}.${METADATA[op.kind]}` };
  if (op.kind !== 'delete')
    Object.assign(metadata, {
      startTime: iso(op.startedAt),
      ...(op.done ? { endTime: iso(op.doneAt ?? now) } : {}),
      operationState: state,
      database: databaseName(op.project, op.database),
      ...(op.backup ? { backup: op.backup } : {}),
      ...(op.pitr ? { pitrSnapshot: { database: op.pitr.database, snapshotTime: iso(op.pitr.snapshotTime) } } : {}),
      progressPercentage: { estimatedWork: '100', completedWork: String(Math.max(0, percent)) },
    });
  return {
    name: op.name,
    metadata,
    done: op.done,
    ...(op.done
      ? op.error
        ? { error: op.error }
        : { response: { '@type': `${ADMIN}.Database`, ...(response as object) } }
      : {}),
  };
}

const ENUMS: Record<string, Record<string, number>> = {
  state: { STATE_UNSPECIFIED: 0, CREATING: 1, READY: 2, NOT_AVAILABLE: 3 },
  type: { DATABASE_TYPE_UNSPECIFIED: 0, FIRESTORE_NATIVE: 1, DATASTORE_MODE: 2 },
  concurrencyMode: { CONCURRENCY_MODE_UNSPECIFIED: 0, OPTIMISTIC: 1, PESSIMISTIC: 2 },
  pointInTimeRecoveryEnablement: {
    POINT_IN_TIME_RECOVERY_ENABLEMENT_UNSPECIFIED: 0,
    POINT_IN_TIME_RECOVERY_ENABLED: 1,
    POINT_IN_TIME_RECOVERY_DISABLED: 2,
  },
  appEngineIntegrationMode: { APP_ENGINE_INTEGRATION_MODE_UNSPECIFIED: 0, ENABLED: 1, DISABLED: 2 },
  deleteProtectionState: { DELETE_PROTECTION_STATE_UNSPECIFIED: 0, DELETE_PROTECTION_DISABLED: 1 },
  day: {
    DAY_OF_WEEK_UNSPECIFIED: 0,
    MONDAY: 1,
    TUESDAY: 2,
    WEDNESDAY: 3,
    THURSDAY: 4,
    FRIDAY: 5,
    SATURDAY: 6,
    SUNDAY: 7,
  },
  operationState: { OPERATION_STATE_UNSPECIFIED: 0, PROCESSING: 2, SUCCESSFUL: 5, FAILED: 6 },
  nullValue: { NULL_VALUE: 0 },
};

/** A deep copy with the enum names above turned into numbers. */
export function numericEnums(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(numericEnums);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const table = ENUMS[key];
    out[key] = typeof v === 'string' && table && v in table ? table[v] : numericEnums(v);
  }
  return out;
}
