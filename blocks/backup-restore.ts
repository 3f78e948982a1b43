import type { RestoreRequest } from '../src/domain/backup.js';
import { approvalButtons, approvalLine } from './approval.js';
import {
  context,
  divider,
  escapeMrkdwn,
  fields,
  formatTime,
  header,
  message,
  section,
  type Block,
  type Message,
} from './kit.js';

export const APPROVE_RESTORE_ACTION = 'backup.restore.approve';
export const REJECT_RESTORE_ACTION = 'backup.restore.reject';

/** The Restore Request card, from the record alone: posted by /backup restore, re-rendered on every change. */
export function renderRestoreRequest(r: RestoreRequest, timeZone: string): Message {
  const source = `\`${r.source.project}/${r.source.database}\``;
  const from =
    r.from.kind === 'backup'
      ? `backup \`${r.from.backup.split('/').pop()}\`${r.from.snapshotTime ? ` (snapshot ${formatTime(new Date(r.from.snapshotTime), timeZone)})` : ''} — databases:restore`
      : `the database as it was at ${formatTime(new Date(r.from.at), timeZone)} — databases:clone (PITR)`;
  const blocks: Block[] = [
    header(`Restore Request: ${r.database} → ${r.targetDatabase}`),
    ...(r.forced
      ? [section(`:rotating_light: *Break-glass:* no approvals asked. Reason: ${escapeMrkdwn(r.forced)}`)]
      : []),
    section(statusLine(r)),
    ...fields([
      ['Source database', `${escapeMrkdwn(r.database)} (${source})`],
      ['Restore from', from],
      ['Into a new database', `\`${r.targetDatabase}\` (a restore never overwrites: the source stays as it is)`],
      ['Requested by', `<@${r.requestedBy}>`],
    ]),
    ...(r.forced ? [] : [section(approvalLine(r, timeZone))]),
  ];
  if (r.status === 'pending')
    blocks.push(approvalButtons('restore', r.id, { approve: APPROVE_RESTORE_ACTION, reject: REJECT_RESTORE_ACTION }));
  if (r.status === 'succeeded') blocks.push(section(pointTheApp(r)));
  blocks.push(
    divider(),
    context(
      `Requested ${formatTime(new Date(r.requestedAt), timeZone)} · restore \`${r.id}\`${r.operation ? ` · operation \`${r.operation.split('/').pop()}\`` : ''}`,
    ),
  );
  return message(`Restore Request: ${r.database} → ${r.targetDatabase} (${r.status})`, blocks);
}

function statusLine(r: RestoreRequest): string {
  switch (r.status) {
    case 'pending':
      return `*Waiting for approval.* Nothing is restored until ${r.requiredApprovals} approver(s) approve.`;
    case 'running':
      return `*Approved, restoring…*${r.progressPercent !== undefined ? ` ${r.progressPercent} %` : ''}`;
    case 'succeeded':
      return `:white_check_mark: *Restored* into \`${r.targetDatabase}\`.`;
    case 'failed':
      return `:x: *Restore failed:* ${escapeMrkdwn(r.error ?? 'unknown error')}. Nothing was overwritten; delete \`${r.targetDatabase}\` if it exists, then request it again.`;
    case 'rejected':
      return `*Rejected* by <@${r.rejection?.user ?? '?'}>.`;
    case 'expired':
      return '*Expired:* nobody approved it in time. Request it again with /backup restore.';
  }
}

/** What to do next: the app reads the new database only once it is pointed at it. */
export function pointTheApp(r: RestoreRequest): string {
  const id = r.targetDatabase;
  return [
    `*Point the app at \`${id}\`:*`,
    `• Server (firebase-admin / @google-cloud/firestore): \`getFirestore(app, '${id}')\` or \`new Firestore({ databaseId: '${id}' })\`; client SDKs: \`getFirestore(app, '${id}')\`.`,
    `• If the database ID comes from configuration, set it and redeploy, e.g. \`gcloud run services update <service> --update-env-vars FIRESTORE_DATABASE_ID=${id}\`.`,
    `• Security rules and indexes are per database: deploy them to \`${id}\` first (\`firebase deploy --only firestore\` with \`"database": "${id}"\` in firebase.json).`,
    `• Check it: \`gcloud firestore databases describe --database=${id} --project=${r.source.project}\`.`,
  ].join('\n');
}

export const renderRestoreOutcome = (r: RestoreRequest): Message => {
  const text =
    r.status === 'succeeded'
      ? `:white_check_mark: Restore \`${r.id}\` finished: \`${r.targetDatabase}\` is ready.\n${pointTheApp(r)}`
      : `:x: Restore \`${r.id}\` failed: ${escapeMrkdwn(r.error ?? 'unknown error')}`;
  return message(text.split('\n')[0]!, [section(text)]);
};
