import { randomBytes } from 'node:crypto';
import { RESTORE_REQUESTS, type RestoreRequest } from '../../domain/backup.js';
import { formatDuration } from '../../domain/format.js';
import { pendingApproval, refuseUnreachableApprovals, resolveApprovers } from '../approval/approvers.js';
import { forceRefusal } from '../approval/break-glass.js';
import type { ApprovalKind } from '../approval/kind.js';
import { openRequest } from '../approval/request.js';
import type { WorkflowContext } from '../context.js';
import { leaseFor } from '../lease.js';
import { Refusal } from '../records.js';
import { restoreLease } from './restore-execute.js';
import { backupSettings, backupsOf, databaseResource, resolveDatabase } from './target.js';

export const isRestoreRequestId = (id: string): boolean => /^rs-[0-9a-f-]{6,40}$/.test(id);

/** A restore as an approval request: the approval that completes the set starts it under this instance's lease. */
export const RESTORE_APPROVALS: ApprovalKind<RestoreRequest> = {
  name: 'restore',
  collection: RESTORE_REQUESTS,
  audit: { action: 'backup.restore', target: 'restore' },
  isId: isRestoreRequestId,
  complete: (r, now, ctx) => ({
    ...r,
    status: 'running',
    startedAt: now.toISOString(),
    lease: leaseFor(ctx, restoreLease(ctx), now),
  }),
  changed: (ctx, id) => ctx.events.emit('backup.restore.updated', { requestId: id }),
};

export interface RestoreAsk {
  database: string;
  /** A backup's ID (its last path segment) or full name; neither and no `at`: the newest READY backup. */
  backup?: string;
  /** A point in time (ISO): a PITR clone. */
  at?: string;
  to: string;
  actor: string;
  /** Break-glass: `--force "reason"`. */
  force?: string;
}

/**
 * What the restore would do, checked against Firestore: the backup exists and is READY, or the time is inside
 * the PITR window; the new database does not exist (a restore never overwrites). A Refusal says what to do.
 */
export async function checkRestore(ctx: WorkflowContext, ask: RestoreAsk): Promise<RestoreRequest['from']> {
  const target = resolveDatabase(ctx, ask.database);
  const refused = forceRefusal(ctx, ask.actor, ask.force);
  if (refused) throw refused;
  const existing = await ctx.backups.getDatabase({ project: target.ref.project, database: ask.to });
  if (existing)
    throw new Refusal(
      `Database ${ask.to} exists already in ${target.ref.project}, and a restore never overwrites one. Choose a new ID with --to.`,
      'conflict',
    );
  if (ask.at) {
    const source = await ctx.backups.getDatabase(target.ref);
    const earliest = source?.earliestVersionTime;
    const now = ctx.clock.now();
    if (!source?.pitr || !earliest || ask.at < earliest || Date.parse(ask.at) > now.getTime())
      throw new Refusal(
        source?.pitr && earliest
          ? `${ask.at} is outside the PITR window of ${ask.database}: from ${earliest} (${formatDuration(now.getTime() - Date.parse(earliest))} ago) to now. Pick a time inside it, or restore a backup.`
          : `${ask.database} has point-in-time recovery off, so --at cannot be used. Restore a backup instead (/backup status ${ask.database} lists them).`,
      );
    return { kind: 'pitr', at: ask.at };
  }
  const backups = (await backupsOf(ctx, target.ref)).filter((b) => b.state === 'READY');
  const backup = ask.backup
    ? backups.find((b) => b.name === ask.backup || b.name.endsWith(`/backups/${ask.backup}`))
    : backups[0];
  if (!backup)
    throw new Refusal(
      ask.backup
        ? `No READY backup "${ask.backup}" of ${ask.database}. READY backups: ${backups.map((b) => b.name.split('/').pop()).join(', ') || 'none'}.`
        : `${ask.database} has no READY backup to restore.`,
      'not_found',
    );
  return { kind: 'backup', backup: backup.name, ...(backup.snapshotTime ? { snapshotTime: backup.snapshotTime } : {}) };
}

/** Records the request (pending, or running at once when break-glass forced it); audited. */
export async function requestRestore(
  ctx: WorkflowContext,
  ask: RestoreAsk,
  from: RestoreRequest['from'],
): Promise<RestoreRequest> {
  const target = resolveDatabase(ctx, ask.database);
  const policy = backupSettings(ctx).restore;
  const approvers = await resolveApprovers(ctx, policy.approvers);
  if (!ask.force)
    refuseUnreachableApprovals(ctx, {
      request: 'restore',
      service: ask.database,
      environment: `→ ${ask.to}`,
      approvers,
      required: policy.minApprovals,
      requester: ask.actor,
    });
  const now = ctx.clock.now();
  const pending = pendingApproval(ctx, { requester: ask.actor, approvers, required: policy.minApprovals, now });
  const request: RestoreRequest = {
    id: `rs-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`,
    database: ask.database,
    source: target.ref,
    ...pending,
    from,
    targetDatabase: ask.to,
    ...(ask.force
      ? {
          forced: ask.force,
          status: 'running',
          startedAt: now.toISOString(),
          lease: leaseFor(ctx, restoreLease(ctx), now),
        }
      : {}),
  };
  return openRequest(ctx, RESTORE_APPROVALS, request, {
    actor: ask.actor,
    action: ask.force ? 'backup.restore.break-glass' : 'backup.restore.request',
    target: `restore:${request.id}`,
    details: {
      database: databaseResource(target.ref),
      from: from.kind === 'backup' ? from.backup : `pitr@${from.at}`,
      to: ask.to,
      required: request.requiredApprovals,
      ...(ask.force ? { reason: ask.force } : {}),
    },
  });
}
