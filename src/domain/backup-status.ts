import type { BackupDrill, BackupScheduleInfo, DatabaseRef } from './backup.js';

/** The facts `/backup status` returns per database (src/workflows/backup/status.ts); blocks/backup-status.ts words them. */

/** What `/backup status` finds wrong, as facts (blocks/backup-status.ts words them, each with its next step). */
export type BackupProblem =
  | { kind: 'no-schedule' }
  | { kind: 'short-retention'; schedule: string; days: number; minDays: number }
  | { kind: 'pitr-off' }
  | { kind: 'no-backup' }
  | { kind: 'backup-too-old'; ageMs: number; maxHours: number }
  | { kind: 'no-drill'; maxDays: number }
  | { kind: 'drill-stale'; ageMs: number; maxDays: number }
  | { kind: 'drill-failed'; drillId: string; at: string };

export interface DatabaseStatus {
  name: string;
  ref: DatabaseRef;
  /** What Firestore would not tell (each naming the role to grant, where one was missing); the rest is shown. */
  errors: string[];
  schedules: BackupScheduleInfo[];
  pitr?: boolean;
  earliestVersionTime?: string;
  newestReady?: { name: string; snapshotTime: string; ageMs: number; documentCount?: number };
  incomplete: number;
  lastDrill?: BackupDrill;
  lastPassed?: BackupDrill;
  problems: BackupProblem[];
}
