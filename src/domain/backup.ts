import type { ApprovalRequest } from './approval.js';
import { collection } from './collection.js';
import { PortError } from './errors.js';
import type { Lease } from './lease.js';
import { backupDrillSchema, restoreRequestSchema } from './backup-schema.js';

/**
 * Firestore backups, restore drills and restores: the facts the backup workflows return and the records they
 * keep. Times are ISO strings (records hold JSON); durations are milliseconds.
 */

/** A Firestore database: its project and ID (`(default)` or a named one). */
export interface DatabaseRef {
  project: string;
  database: string;
}

export interface DatabaseInfo {
  pitr: boolean;
  /** The oldest time the database can be read at (PITR: up to 7 days back; otherwise about an hour). */
  earliestVersionTime?: string;
  versionRetentionMs?: number;
  /** Where it was restored or cloned from, when it was. */
  restoredFromOperation?: string;
}

export interface BackupScheduleInfo {
  name: string;
  recurrence: 'daily' | 'weekly';
  /** Weekly: the day, e.g. SUNDAY. */
  day?: string;
  retentionMs: number;
}

export type BackupState = 'READY' | 'CREATING' | 'NOT_AVAILABLE' | 'STATE_UNSPECIFIED';

export interface BackupInfo {
  /** projects/{p}/locations/{l}/backups/{id} */
  name: string;
  /** projects/{p}/databases/{d} */
  database: string;
  state: BackupState;
  snapshotTime?: string;
  expireTime?: string;
  documentCount?: number;
}

/** A long-running operation as last seen. */
export interface OperationStatus {
  name: string;
  done: boolean;
  progressPercent?: number;
  error?: { code: number; message: string };
}

/** Documents of one collection group, restored against the source. `source` is absent when it could not be read at the snapshot. */
export interface CollectionCount {
  collection: string;
  restored: number;
  source?: number;
}

export interface SampleResult {
  compared: number;
  /** Paths of documents that differ (or are missing in the restore). */
  differing: string[];
  /** What the sample was compared with. */
  against: 'snapshot' | 'live' | 'none';
}

export type DrillTrigger = 'schedule' | 'http' | 'command';
export type DrillStep = 'restore' | 'wait' | 'verify' | 'cleanup' | 'done';

export interface DrillVerdict {
  passed: boolean;
  /** What decided it, as facts: blocks/backup-drill.ts words it. */
  reason:
    | { kind: 'verified'; collections: number; sampled: number; against: 'snapshot' | 'backup-stats' }
    | { kind: 'no-backup' }
    | { kind: 'counts-differ'; collections: string[] }
    | { kind: 'total-differs'; restored: number; expected: number }
    | { kind: 'sample-differs'; documents: string[] }
    | { kind: 'restore-failed'; message: string }
    | { kind: 'timeout'; minutes: number }
    | { kind: 'backend'; message: string; role?: string };
}

/** One restore drill of one database: a record with a step, driven under a lease, so a restart resumes it. */
export interface BackupDrill {
  id: string;
  /** The configured name (`/backup drill main`). */
  database: string;
  source: DatabaseRef;
  trigger: DrillTrigger;
  requestedBy?: string;
  /** Scheduled: the occurrence it is for. */
  occurrence?: string;
  status: 'running' | 'passed' | 'failed';
  step: DrillStep;
  startedAt: string;
  backup?: { name: string; snapshotTime: string; documentCount?: number };
  /** The database the backup is restored into; named before the restore is asked for, so a retry names the same. */
  drillDatabase?: string;
  /** The restore's long-running operation: once recorded, a restart waits for it and never restores again. */
  operation?: string;
  restoreStartedAt?: string;
  progressPercent?: number;
  restoredAt?: string;
  counts?: CollectionCount[];
  sample?: SampleResult;
  verifiedAt?: string;
  verdict?: DrillVerdict;
  cleanup?: { deleted: boolean; error?: string };
  finishedAt?: string;
  /** The Backup Drill Report, updated in place. */
  message?: { channel: string; ts: string };
  lease?: Lease;
  resumes?: number;
}

export type RestoreStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'rejected' | 'expired';

/** A real restore into a new database (never over one), waiting for approvers, then run under a lease. */
export interface RestoreRequest extends ApprovalRequest {
  id: string;
  database: string;
  source: DatabaseRef;
  status: RestoreStatus;
  expiresAt: string;
  /** From a backup (databases:restore), or a point in time (databases:clone with pitrSnapshot). */
  from: { kind: 'backup'; backup: string; snapshotTime?: string } | { kind: 'pitr'; at: string };
  targetDatabase: string;
  /** Break-glass: run without approvals, with this reason. */
  forced?: string;
  operation?: string;
  startedAt?: string;
  progressPercent?: number;
  finishedAt?: string;
  error?: string;
  message?: { channel: string; ts: string };
  lease?: Lease;
  resumes?: number;
}

export const BACKUP_DRILLS = collection('backup-drills', backupDrillSchema);
export const RESTORE_REQUESTS = collection('restore-requests', restoreRequestSchema);

/** `gcloud` command that deletes a database the bot could not delete. */
export const deleteDatabaseCommand = (db: DatabaseRef): string =>
  `gcloud firestore databases delete --database=${db.database} --project=${db.project}`;

/** Firestore refused for want of a permission: `role` is what to grant the bot's service account. */
export class MissingRole extends PortError {
  constructor(
    readonly role: string,
    message: string,
    backend: string,
  ) {
    super('permission_denied', message, backend);
  }
}
