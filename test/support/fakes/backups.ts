import { PortError } from '../../../src/domain/errors.js';
import type {
  BackupInfo,
  BackupScheduleInfo,
  DatabaseInfo,
  FirestoreBackups,
} from '../../../src/ports/firestore-backups.js';

/** Firestore backups for unit tests: what status reads, set by the test; restores belong to the e2e tests. */
export class FakeBackups implements FirestoreBackups {
  databases = new Map<string, DatabaseInfo>();
  schedules = new Map<string, BackupScheduleInfo[]>();
  backups: BackupInfo[] = [];

  getDatabase = async (db: { project: string; database: string }) =>
    this.databases.get(`${db.project}/${db.database}`) ?? null;
  listSchedules = async (db: { project: string; database: string }) =>
    this.schedules.get(`${db.project}/${db.database}`) ?? [];
  listBackups = async (project: string) => this.backups.filter((b) => b.name.startsWith(`projects/${project}/`));
  restore = unsupported;
  clone = unsupported;
  getOperation = unsupported;
  deleteDatabase = unsupported;
  collectionIds = unsupported;
  count = unsupported;
  sample = unsupported;
  getDocuments = unsupported;
  loaded = () => true;
  close = async () => undefined;
}

async function unsupported(): Promise<never> {
  throw new PortError('unavailable', 'not in the unit fake: use the e2e tests and the stand-in', 'Firestore');
}
