import { BACKUP_DRILLS, type BackupDrill } from '../../domain/backup.js';
import type { BackupProblem, DatabaseStatus } from '../../domain/backup-status.js';
import { isPortError } from '../../domain/errors.js';
import type { WorkflowContext } from '../context.js';
import { allDatabases, backupsOf, backupSettings, resolveDatabase, type BackupTarget } from './target.js';

/** The status of every configured database, or of one. Each is read on its own: one failing does not hide the others. */
export async function backupStatus(ctx: WorkflowContext, name?: string): Promise<DatabaseStatus[]> {
  const targets = name ? [resolveDatabase(ctx, name)] : allDatabases(ctx);
  return Promise.all(targets.map((t) => statusOf(ctx, t)));
}

async function statusOf(ctx: WorkflowContext, target: BackupTarget): Promise<DatabaseStatus> {
  const now = ctx.clock.now();
  const policy = backupSettings(ctx).policy;
  const drills = await finishedDrills(ctx, target.name);
  const status: DatabaseStatus = {
    name: target.name,
    ref: target.ref,
    schedules: [],
    incomplete: 0,
    problems: [],
    errors: [],
    ...(drills[0] ? { lastDrill: drills[0] } : {}),
    ...(drills.find((d) => d.status === 'passed') ? { lastPassed: drills.find((d) => d.status === 'passed')! } : {}),
  };
  const [database, schedules, backups] = await Promise.allSettled([
    ctx.backups.getDatabase(target.ref),
    ctx.backups.listSchedules(target.ref),
    backupsOf(ctx, target.ref),
  ]);
  for (const read of [database, schedules, backups]) {
    if (read.status === 'fulfilled') continue;
    if (!isPortError(read.reason)) throw read.reason;
    status.errors.push(read.reason.message);
  }
  if (schedules.status === 'fulfilled') status.schedules = schedules.value;
  if (database.status === 'fulfilled' && database.value) {
    status.pitr = database.value.pitr;
    if (database.value.earliestVersionTime) status.earliestVersionTime = database.value.earliestVersionTime;
  }
  if (backups.status === 'fulfilled') {
    const ready = backups.value.find((b) => b.state === 'READY' && b.snapshotTime);
    status.incomplete = backups.value.filter((b) => b.state !== 'READY').length;
    if (ready?.snapshotTime)
      status.newestReady = {
        name: ready.name,
        snapshotTime: ready.snapshotTime,
        ageMs: now.getTime() - Date.parse(ready.snapshotTime),
        ...(ready.documentCount !== undefined ? { documentCount: ready.documentCount } : {}),
      };
  }
  const read = { schedules: schedules.status === 'fulfilled', backups: backups.status === 'fulfilled' };
  status.problems = problemsOf(status, policy, now, read);
  return status;
}

/** The policy's problems; each Firestore one only when its part could be read. */
function problemsOf(
  s: DatabaseStatus,
  policy: ReturnType<typeof backupSettings>['policy'],
  now: Date,
  read: { schedules: boolean; backups: boolean },
): BackupProblem[] {
  const problems: BackupProblem[] = [];
  if (read.schedules) {
    if (s.schedules.length === 0) problems.push({ kind: 'no-schedule' });
    for (const schedule of s.schedules) {
      const days = schedule.retentionMs / 86_400_000;
      if (days < policy.minRetentionDays)
        problems.push({ kind: 'short-retention', schedule: schedule.name, days, minDays: policy.minRetentionDays });
    }
  }
  if (policy.requirePitr && s.pitr === false) problems.push({ kind: 'pitr-off' });
  if (read.backups) {
    if (!s.newestReady) problems.push({ kind: 'no-backup' });
    else if (s.newestReady.ageMs > policy.maxBackupAgeHours * 3_600_000)
      problems.push({ kind: 'backup-too-old', ageMs: s.newestReady.ageMs, maxHours: policy.maxBackupAgeHours });
  }
  if (s.lastDrill?.status === 'failed')
    problems.push({
      kind: 'drill-failed',
      drillId: s.lastDrill.id,
      at: s.lastDrill.finishedAt ?? s.lastDrill.startedAt,
    });
  if (!s.lastPassed) problems.push({ kind: 'no-drill', maxDays: policy.maxDrillAgeDays });
  else {
    const ageMs = now.getTime() - Date.parse(s.lastPassed.finishedAt ?? s.lastPassed.startedAt);
    if (ageMs > policy.maxDrillAgeDays * 86_400_000)
      problems.push({ kind: 'drill-stale', ageMs, maxDays: policy.maxDrillAgeDays });
  }
  return problems;
}

/** The database's finished drills, newest first. */
export async function finishedDrills(ctx: WorkflowContext, name: string): Promise<BackupDrill[]> {
  const all = await ctx.store.list(BACKUP_DRILLS, { where: { database: name } });
  return all
    .map((r) => r.data)
    .filter((d) => d.status !== 'running')
    .sort((a, b) => (b.finishedAt ?? b.startedAt).localeCompare(a.finishedAt ?? a.startedAt));
}
