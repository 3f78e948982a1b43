import type { BackupProblem, DatabaseStatus } from '../src/domain/backup-status.js';
import {
  context,
  divider,
  escapeMrkdwn,
  fields,
  formatDuration,
  formatTime,
  header,
  message,
  section,
  type Block,
  type Message,
} from './kit.js';

/** `/backup status`: per database its schedules, PITR, the newest READY backup (the RPO now), the last drill and the problems, each with its next step. */
export function renderBackupStatus(statuses: DatabaseStatus[], timeZone: string, now: Date): Message {
  const blocks: Block[] = [header('Backup status')];
  for (const s of statuses) blocks.push(...databaseBlocks(s, timeZone), divider());
  blocks.push(context(`Checked ${formatTime(now, timeZone)} · /backup drill <database> runs a restore drill now`));
  const problems = statuses.reduce((n, s) => n + s.problems.length, 0);
  return message(`Backup status: ${statuses.length} database(s), ${problems} problem(s)`, blocks);
}

function databaseBlocks(s: DatabaseStatus, timeZone: string): Block[] {
  const where = `\`${s.ref.project}/${s.ref.database}\``;
  const schedules = s.schedules.length
    ? s.schedules
        .map(
          (x) =>
            `${x.recurrence === 'weekly' ? `weekly (${(x.day ?? '').toLowerCase()})` : 'daily'}, kept ${formatDuration(x.retentionMs)}`,
        )
        .join(' · ')
    : 'none';
  const newest = s.newestReady
    ? `${formatTime(new Date(s.newestReady.snapshotTime), timeZone)} (${formatDuration(s.newestReady.ageMs)} ago = RPO now)${s.newestReady.documentCount !== undefined ? `, ${s.newestReady.documentCount} documents` : ''}`
    : 'none READY';
  const drill = s.lastDrill
    ? `${s.lastDrill.status === 'passed' ? ':white_check_mark: passed' : ':x: FAILED'} ${formatTime(new Date(s.lastDrill.finishedAt ?? s.lastDrill.startedAt), timeZone)}${rtoOf(s.lastDrill) ? `, RTO ${rtoOf(s.lastDrill)}` : ''}`
    : 'never';
  const verified =
    s.lastPassed && s.lastPassed !== s.lastDrill
      ? ` (last passed ${formatTime(new Date(s.lastPassed.finishedAt ?? s.lastPassed.startedAt), timeZone)})`
      : '';
  return [
    section(
      `*${escapeMrkdwn(s.name)}* · ${where}${s.problems.length ? ` · :warning: ${s.problems.length} problem(s)` : ' · :white_check_mark: no problems'}`,
    ),
    ...fields([
      ['Schedules', schedules],
      [
        'Point-in-time recovery',
        s.pitr === undefined
          ? 'unknown'
          : s.pitr
            ? `on (since ${s.earliestVersionTime ? formatTime(new Date(s.earliestVersionTime), timeZone) : '?'})`
            : 'off',
      ],
      ['Newest READY backup', newest],
      ['Last drill', drill + verified],
    ]),
    ...(s.incomplete ? [context(`${s.incomplete} backup(s) not READY yet (CREATING or NOT_AVAILABLE)`)] : []),
    ...s.errors.map((e) => section(`:x: ${escapeMrkdwn(e)}`)),
    ...(s.problems.length ? [section(s.problems.map((p) => `• ${problemText(p, s, timeZone)}`).join('\n'))] : []),
  ];
}

/** Restore plus verification, as the drill measured it. */
export function rtoOf(d: { restoreStartedAt?: string; restoredAt?: string; verifiedAt?: string }): string | undefined {
  if (!d.restoreStartedAt || !d.verifiedAt) return undefined;
  return formatDuration(Date.parse(d.verifiedAt) - Date.parse(d.restoreStartedAt));
}

function problemText(p: BackupProblem, s: DatabaseStatus, timeZone: string): string {
  const db = s.ref;
  switch (p.kind) {
    case 'no-schedule':
      return `No backup schedule. Next: \`gcloud firestore backups schedules create --database='${db.database}' --recurrence=daily --retention=14d --project=${db.project}\``;
    case 'short-retention':
      return `Schedule \`${p.schedule.split('/').pop()}\` keeps backups ${formatDuration(p.days * 86_400_000)}, below the policy's ${p.minDays} days. Next: \`gcloud firestore backups schedules update --backup-schedule=${p.schedule.split('/').pop()} --database='${db.database}' --retention=${p.minDays}d --project=${db.project}\``;
    case 'pitr-off':
      return `Point-in-time recovery is off. Next: \`gcloud firestore databases update --database='${db.database}' --enable-pitr --project=${db.project}\``;
    case 'no-backup':
      return 'No READY backup. Next: check the schedules above, and `gcloud firestore backups list` for failed ones.';
    case 'backup-too-old':
      return `The newest READY backup is ${formatDuration(p.ageMs)} old, more than the policy's ${p.maxHours} h. Next: check the daily schedule and recent backups (\`gcloud firestore backups list --project=${db.project}\`).`;
    case 'no-drill':
      return `No drill has passed yet (policy: every ${p.maxDays} days). Next: \`/backup drill ${s.name}\`.`;
    case 'drill-stale':
      return `The last passed drill was ${formatDuration(p.ageMs)} ago (policy: every ${p.maxDays} days). Next: \`/backup drill ${s.name}\`.`;
    case 'drill-failed':
      return `The last drill FAILED (${formatTime(new Date(p.at), timeZone)}, \`${p.drillId}\`). Next: read its report, fix the cause, \`/backup drill ${s.name}\`.`;
  }
}
