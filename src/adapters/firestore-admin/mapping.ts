import type {
  BackupInfo,
  BackupScheduleInfo,
  BackupState,
  DatabaseInfo,
  OperationStatus,
} from '../../ports/firestore-backups.js';

/**
 * From the REST API's JSON (proto3 JSON: Timestamps as RFC 3339 strings, Durations as "1209600s", int64 as
 * strings, enums by name) to the domain's.
 */

const toIso = (time: string | undefined): string | undefined => (time ? new Date(time).toISOString() : undefined);
const durationMs = (duration: string | undefined): number => (duration ? Number.parseFloat(duration) * 1000 : 0);
const toNumber = (int64: string | number | undefined): number | undefined =>
  int64 === undefined ? undefined : Number(int64);

const STATES: BackupState[] = ['STATE_UNSPECIFIED', 'CREATING', 'READY', 'NOT_AVAILABLE'];

export interface ApiDatabase {
  pointInTimeRecoveryEnablement?: string;
  earliestVersionTime?: string;
  versionRetentionPeriod?: string;
  sourceInfo?: { operation?: string };
}

export function mapDatabase(d: ApiDatabase): DatabaseInfo {
  const earliest = toIso(d.earliestVersionTime);
  const retention = durationMs(d.versionRetentionPeriod);
  return {
    pitr: d.pointInTimeRecoveryEnablement === 'POINT_IN_TIME_RECOVERY_ENABLED',
    ...(earliest ? { earliestVersionTime: earliest } : {}),
    ...(retention ? { versionRetentionMs: retention } : {}),
    ...(d.sourceInfo?.operation ? { restoredFromOperation: d.sourceInfo.operation } : {}),
  };
}

export interface ApiSchedule {
  name?: string;
  retention?: string;
  dailyRecurrence?: object;
  /** google.type.DayOfWeek by name: MONDAY … SUNDAY. */
  weeklyRecurrence?: { day?: string };
}

export function mapSchedule(s: ApiSchedule): BackupScheduleInfo {
  const day = s.weeklyRecurrence?.day;
  return {
    name: s.name ?? '',
    recurrence: s.weeklyRecurrence ? 'weekly' : 'daily',
    ...(day ? { day } : {}),
    retentionMs: durationMs(s.retention),
  };
}

export interface ApiBackup {
  name?: string;
  database?: string;
  state?: string;
  snapshotTime?: string;
  expireTime?: string;
  stats?: { documentCount?: string };
}

export function mapBackup(b: ApiBackup): BackupInfo {
  const snapshotTime = toIso(b.snapshotTime);
  const expireTime = toIso(b.expireTime);
  const documentCount = toNumber(b.stats?.documentCount);
  const state = STATES.find((s) => s === b.state) ?? 'STATE_UNSPECIFIED';
  return {
    name: b.name ?? '',
    database: b.database ?? '',
    state,
    ...(snapshotTime ? { snapshotTime } : {}),
    ...(expireTime ? { expireTime } : {}),
    ...(documentCount !== undefined ? { documentCount } : {}),
  };
}

/** google.longrunning.Operation (RestoreDatabaseMetadata / CloneDatabaseMetadata in `metadata`). */
export interface ApiOperation {
  name?: string;
  done?: boolean;
  metadata?: { progressPercentage?: { estimatedWork?: string; completedWork?: string } };
  error?: { code?: number; message?: string };
}

export function mapOperation(op: ApiOperation): OperationStatus {
  const progress = op.metadata?.progressPercentage;
  const estimated = toNumber(progress?.estimatedWork);
  const completed = toNumber(progress?.completedWork);
  return {
    name: op.name ?? '',
    done: op.done === true,
    ...(estimated && completed !== undefined ? { progressPercent: Math.round((completed / estimated) * 100) } : {}),
    ...(op.error ? { error: { code: op.error.code ?? 2, message: op.error.message ?? 'the operation failed' } } : {}),
  };
}

/** google.firestore.v1.Document: its full name and its fields as Values (`{ title: { stringValue: "…" } }`). */
export interface ApiDocument {
  name?: string;
  fields?: Record<string, unknown>;
}
