import type {
  BackupInfo,
  BackupScheduleInfo,
  BackupState,
  DatabaseInfo,
  OperationStatus,
} from '../../ports/firestore-backups.js';

/**
 * From the client's messages to the domain's. google-gax hands back protobuf objects: int64 as Long, number or
 * string; Timestamp and Duration as { seconds, nanos }; enums as numbers or names. The REST calls made without
 * the client (clone, operations) return the JSON form: strings for both.
 */

type Int = number | string | { toString(): string } | null | undefined;
type Time = string | { seconds?: Int; nanos?: number | null } | null | undefined;

const toNumber = (v: Int): number | undefined => (v === null || v === undefined ? undefined : Number(String(v)));

export function toIso(t: Time): string | undefined {
  if (!t) return undefined;
  if (typeof t === 'string') return new Date(t).toISOString();
  const seconds = toNumber(t.seconds) ?? 0;
  return new Date(seconds * 1000 + Math.floor((t.nanos ?? 0) / 1e6)).toISOString();
}

function durationMs(d: Time): number {
  if (!d) return 0;
  if (typeof d === 'string') return Number.parseFloat(d) * 1000;
  return (toNumber(d.seconds) ?? 0) * 1000 + Math.floor((d.nanos ?? 0) / 1e6);
}

const enumName = (value: unknown, names: string[]): string | undefined =>
  typeof value === 'number' ? names[value] : typeof value === 'string' ? value : undefined;

const PITR = ['UNSPECIFIED', 'POINT_IN_TIME_RECOVERY_ENABLED', 'POINT_IN_TIME_RECOVERY_DISABLED'];
const STATES: BackupState[] = ['STATE_UNSPECIFIED', 'CREATING', 'READY', 'NOT_AVAILABLE'];
const DAYS = ['UNSPECIFIED', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];

export interface ApiDatabase {
  pointInTimeRecoveryEnablement?: unknown;
  earliestVersionTime?: Time;
  versionRetentionPeriod?: Time;
  sourceInfo?: { operation?: string | null } | null;
}

export function mapDatabase(d: ApiDatabase): DatabaseInfo {
  const earliest = toIso(d.earliestVersionTime);
  const retention = durationMs(d.versionRetentionPeriod);
  return {
    pitr: enumName(d.pointInTimeRecoveryEnablement, PITR) === 'POINT_IN_TIME_RECOVERY_ENABLED',
    ...(earliest ? { earliestVersionTime: earliest } : {}),
    ...(retention ? { versionRetentionMs: retention } : {}),
    ...(d.sourceInfo?.operation ? { restoredFromOperation: d.sourceInfo.operation } : {}),
  };
}

export interface ApiSchedule {
  name?: string | null;
  retention?: Time;
  dailyRecurrence?: unknown;
  weeklyRecurrence?: { day?: unknown } | null;
}

export function mapSchedule(s: ApiSchedule): BackupScheduleInfo {
  const day = s.weeklyRecurrence ? enumName(s.weeklyRecurrence.day, DAYS) : undefined;
  return {
    name: s.name ?? '',
    recurrence: s.weeklyRecurrence ? 'weekly' : 'daily',
    ...(day ? { day } : {}),
    retentionMs: durationMs(s.retention),
  };
}

export interface ApiBackup {
  name?: string | null;
  database?: string | null;
  state?: unknown;
  snapshotTime?: Time;
  expireTime?: Time;
  stats?: { documentCount?: Int } | null;
}

export function mapBackup(b: ApiBackup): BackupInfo {
  const snapshotTime = toIso(b.snapshotTime);
  const expireTime = toIso(b.expireTime);
  const documentCount = toNumber(b.stats?.documentCount);
  const state = enumName(b.state, STATES) as BackupState | undefined;
  return {
    name: b.name ?? '',
    database: b.database ?? '',
    state: state && STATES.includes(state) ? state : 'STATE_UNSPECIFIED',
    ...(snapshotTime ? { snapshotTime } : {}),
    ...(expireTime ? { expireTime } : {}),
    ...(documentCount !== undefined ? { documentCount } : {}),
  };
}

/** google.longrunning.Operation as JSON (RestoreDatabaseMetadata / CloneDatabaseMetadata in `metadata`). */
export interface ApiOperation {
  name?: string;
  done?: boolean;
  metadata?: { progressPercentage?: { estimatedWork?: Int; completedWork?: Int } };
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

/** A document's fields as plain JSON (Longs as strings, no prototypes), so two reads compare by value. */
export const plain = (fields: unknown): unknown => JSON.parse(JSON.stringify(fields ?? {})) as unknown;
