import type { BackupInfo, BackupScheduleInfo, DatabaseInfo, DatabaseRef, OperationStatus } from '../domain/backup.js';

export type {
  BackupInfo,
  BackupScheduleInfo,
  BackupState,
  DatabaseInfo,
  DatabaseRef,
  OperationStatus,
} from '../domain/backup.js';

/** A document as read: its path inside the database (`users/u1`) and its fields, comparable as JSON. */
export interface StoredDocument {
  path: string;
  fields: unknown;
}

/**
 * Firestore's backups, restores and the reads a drill makes (the Admin API and the data API). Failures are
 * PortErrors; a missing permission names the role to grant.
 */
export interface FirestoreBackups {
  /** Null when there is no such database. */
  getDatabase(db: DatabaseRef): Promise<DatabaseInfo | null>;
  listSchedules(db: DatabaseRef): Promise<BackupScheduleInfo[]>;
  /** Every backup of the project, in every location. */
  listBackups(project: string): Promise<BackupInfo[]>;
  /** Starts `databases:restore` into the new database `target`; the operation's name. */
  restore(project: string, target: string, backup: string): Promise<string>;
  /** Starts `databases:clone` of `source` at `snapshotTime` (PITR) into the new database `target`; the operation's name. */
  clone(project: string, target: string, source: DatabaseRef, snapshotTime: string): Promise<string>;
  getOperation(name: string): Promise<OperationStatus>;
  /** Deletes the database; one that is not there counts as deleted. */
  deleteDatabase(db: DatabaseRef): Promise<void>;
  /** The root collections' IDs. */
  collectionIds(db: DatabaseRef): Promise<string[]>;
  /** `runAggregationQuery` with `count` over a collection group, at `readTime` when given. */
  count(db: DatabaseRef, collectionGroup: string, readTime?: string): Promise<number>;
  /** The first `limit` documents of a collection group, by name. */
  sample(db: DatabaseRef, collectionGroup: string, limit: number): Promise<StoredDocument[]>;
  /** The documents at these paths (missing ones left out), at `readTime` when given. */
  getDocuments(db: DatabaseRef, paths: string[], readTime?: string): Promise<StoredDocument[]>;
  /** Whether the clients are loaded, so a call makes no one wait for them to load (the ack may wait for a call then). */
  loaded(): boolean;
  close(): Promise<void>;
}
