import type { BackupDatabaseConfig, BackupSettings } from '../../config/schema-backup.js';
import type { BackupInfo, DatabaseRef } from '../../domain/backup.js';
import { clip } from '../../domain/format.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';

/** A configured database: the name people type, where it is, and its settings. */
export interface BackupTarget {
  name: string;
  ref: DatabaseRef;
  config: BackupDatabaseConfig;
}

/** The `backup:` section, or a refusal saying how to configure it. */
export function backupSettings(ctx: Pick<WorkflowContext, 'config'>): BackupSettings {
  const settings = ctx.config.backup;
  if (!settings)
    throw new Refusal('Backups are not configured: add a `backup:` section to chatops.yml (see the README).');
  return settings;
}

/** Why `name` is no configured database, naming the known ones; undefined when it is one. */
export function checkDatabase(ctx: Pick<WorkflowContext, 'config'>, name: string): string | undefined {
  const databases = backupSettings(ctx).databases;
  if (Object.hasOwn(databases, name)) return undefined;
  return `Unknown database "${clip(name)}". Known databases: ${Object.keys(databases).join(', ')}.`;
}

export function resolveDatabase(ctx: Pick<WorkflowContext, 'config'>, name: string): BackupTarget {
  const problem = checkDatabase(ctx, name);
  if (problem) throw new Refusal(problem, 'not_found');
  const config = backupSettings(ctx).databases[name]!;
  return { name, ref: { project: config.project, database: config.database }, config };
}

export function allDatabases(ctx: Pick<WorkflowContext, 'config'>): BackupTarget[] {
  return Object.keys(backupSettings(ctx).databases).map((name) => resolveDatabase(ctx, name));
}

export const databaseResource = (ref: DatabaseRef): string => `projects/${ref.project}/databases/${ref.database}`;

/** The database's backups, newest snapshot first. */
export async function backupsOf(ctx: WorkflowContext, ref: DatabaseRef): Promise<BackupInfo[]> {
  const all = await ctx.backups.listBackups(ref.project);
  return all
    .filter((b) => b.database === databaseResource(ref))
    .sort((a, b) => (b.snapshotTime ?? '').localeCompare(a.snapshotTime ?? ''));
}

/** A new database ID for a drill: `drill-YYYYMMDD-` and six random hex digits. */
export function drillDatabaseId(now: Date, random: string): string {
  return `drill-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${random}`;
}
