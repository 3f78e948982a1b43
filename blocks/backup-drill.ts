import { type BackupDrill, deleteDatabaseCommand, type DrillVerdict } from '../src/domain/backup.js';
import { rtoOf } from './backup-status.js';
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

export interface DrillReportContext {
  timeZone: string;
  /** The next scheduled drill, when the schedule is on. */
  nextDrill?: Date;
  /** Mentioned when it fails: user IDs, group IDs, handles. */
  owners: string[];
}

/** The Backup Drill Report (REPORT-FORMATS.md), from the record alone: posted when the drill starts, updated in place. */
export function renderDrillReport(d: BackupDrill, c: DrillReportContext): Message {
  const outcome = d.status === 'running' ? 'running' : d.status === 'passed' ? 'passed' : 'FAILED';
  const rpo = d.backup ? formatDuration(Date.parse(d.startedAt) - Date.parse(d.backup.snapshotTime)) : '–';
  const restoreMs =
    d.restoredAt && d.restoreStartedAt ? Date.parse(d.restoredAt) - Date.parse(d.restoreStartedAt) : undefined;
  const verifyMs = d.verifiedAt && d.restoredAt ? Date.parse(d.verifiedAt) - Date.parse(d.restoredAt) : undefined;
  const rto = rtoOf(d);
  const blocks: Block[] = [
    header(`Backup Drill: ${d.database} — ${outcome}`),
    ...fields([
      [
        'Backup used',
        d.backup
          ? `\`${d.backup.name.split('/').pop()}\` (snapshot ${formatTime(new Date(d.backup.snapshotTime), c.timeZone)})`
          : 'none yet',
      ],
      ['RPO', `${rpo} (age of that backup when the drill began)`],
      [
        'RTO',
        rto
          ? `${rto} (restore ${formatDuration(restoreMs ?? 0)} + verify ${formatDuration(verifyMs ?? 0)})`
          : 'not measured',
      ],
      ['Drill database', drillDatabaseLine(d)],
    ]),
  ];
  if (d.status === 'running') blocks.push(section(progressLines(d)));
  if (d.counts?.length) blocks.push(section(`*Documents per collection* (restored / source)\n${countLines(d)}`));
  if (d.sample) blocks.push(section(sampleLine(d)));
  if (d.verdict)
    blocks.push(
      section(`*Verdict:* ${d.verdict.passed ? ':white_check_mark: passed' : ':x: FAILED'}: ${verdictText(d.verdict)}`),
    );
  if (d.cleanup && !d.cleanup.deleted && d.drillDatabase)
    blocks.push(
      section(
        `:warning: The drill database \`${d.drillDatabase}\` could not be deleted (${escapeMrkdwn(d.cleanup.error ?? 'unknown error')}). Delete it: \`${deleteDatabaseCommand({ project: d.source.project, database: d.drillDatabase })}\``,
      ),
    );
  if (d.status === 'failed')
    blocks.push(
      section(
        `*On failure:* ${mentions(c.owners) || 'the owners (backup.owners)'}: read the verdict above, fix the cause and run \`/backup drill ${d.database}\`; \`/backup status\` shows this failure until a drill passes.`,
      ),
    );
  blocks.push(
    divider(),
    context(
      `${d.trigger === 'command' && d.requestedBy ? `Requested by <@${d.requestedBy}>` : d.trigger === 'http' ? 'Cloud Scheduler' : 'Scheduled'} · started ${formatTime(new Date(d.startedAt), c.timeZone)} · drill \`${d.id}\`${c.nextDrill ? ` · next drill ${formatTime(c.nextDrill, c.timeZone)}` : ''}${d.resumes ? ` · resumed after ${d.resumes} restart(s)` : ''}`,
    ),
  );
  return message(
    `Backup Drill: ${d.database} — ${outcome}${d.verdict && !d.verdict.passed ? `: ${verdictText(d.verdict)}` : ''}`,
    blocks,
  );
}

function drillDatabaseLine(d: BackupDrill): string {
  if (!d.drillDatabase) return 'not created';
  const state = d.cleanup
    ? d.cleanup.deleted
      ? 'created, deleted'
      : 'created, NOT deleted'
    : d.operation
      ? 'created'
      : 'named';
  return `\`${d.drillDatabase}\` (${state})`;
}

function progressLines(d: BackupDrill): string {
  const order = ['restore', 'wait', 'verify', 'cleanup', 'done'];
  const at = order.indexOf(d.step);
  const mark = (i: number) =>
    i < at ? ':white_check_mark:' : i === at ? ':hourglass_flowing_sand:' : ':white_circle:';
  const progress = d.step === 'wait' && d.progressPercent !== undefined ? ` (${d.progressPercent} %)` : '';
  return [
    `${mark(0)} 1. Restore the newest READY backup into a new database`,
    `${mark(1)} 2. Wait for the restore${progress}`,
    `${mark(2)} 3. Count documents per collection and compare a sample`,
    `${mark(3)} 4. Delete the drill database`,
  ].join('\n');
}

function countLines(d: BackupDrill): string {
  return (d.counts ?? [])
    .map((c) => {
      const ok = c.source === undefined || c.source === c.restored;
      return `${ok ? ':white_check_mark:' : ':x:'} \`${escapeMrkdwn(c.collection)}\` ${c.restored} / ${c.source ?? '–'}`;
    })
    .join('\n');
}

function sampleLine(d: BackupDrill): string {
  const s = d.sample!;
  if (s.against === 'none') return '*Sample:* nothing to compare (no documents).';
  const against =
    s.against === 'snapshot'
      ? 'the source at the snapshot time'
      : 'the live source (PITR does not reach the snapshot; differences may be later changes and do not fail the drill)';
  const differing = s.differing.length
    ? `${s.differing.length} differ: ${s.differing
        .slice(0, 10)
        .map((p) => `\`${escapeMrkdwn(p)}\``)
        .join(', ')}${s.differing.length > 10 ? ' …' : ''}`
    : 'all equal';
  return `*Sample:* ${s.compared} document(s) compared field by field with ${against}: ${differing}.`;
}

export function verdictText(v: DrillVerdict): string {
  const r = v.reason;
  switch (r.kind) {
    case 'verified':
      return `${r.collections} collection(s) match ${r.against === 'snapshot' ? 'the source at the snapshot time' : "the backup's document count"}, ${r.sampled} sampled document(s) equal`;
    case 'no-backup':
      return 'there is no READY backup to restore';
    case 'counts-differ':
      return `document counts differ in ${r.collections.map((c) => `\`${escapeMrkdwn(c)}\``).join(', ')}`;
    case 'total-differs':
      return `${r.restored} documents restored, the backup counted ${r.expected}`;
    case 'sample-differs':
      return `${r.documents.length} sampled document(s) differ from the source`;
    case 'restore-failed':
      return `the restore failed: ${escapeMrkdwn(r.message)}`;
    case 'timeout':
      return `the restore did not finish within ${r.minutes} minutes (backup.drill.timeoutMinutes)`;
    case 'backend':
      return `${escapeMrkdwn(r.message)}${r.role && !r.message.includes(r.role) ? ` (grant ${r.role})` : ''}`;
  }
}

/** Owners as Slack mentions: users, user groups; a handle as written. */
export const mentions = (owners: string[]): string =>
  owners
    .map((o) => (o.startsWith('S') ? `<!subteam^${o}>` : o.startsWith('@') ? escapeMrkdwn(o) : `<@${o}>`))
    .join(' ');
