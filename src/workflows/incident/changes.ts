import {
  incidentLabel,
  type Incident,
  type IncidentRole,
  type IncidentStatus,
  type Severity,
  type StatusUpdate,
  type TimelineEntry,
} from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { mutateIfAllowed } from './authority.js';
import { inviteAll, refreshTopic, respondersFor } from './channel.js';
import { nextDue } from './declare.js';
import { syncLocks, type LockChanges } from './locks.js';
import { addEntry, audit, mutate } from './repository.js';

export interface Changed {
  before: Incident;
  incident: Incident;
  /** The timeline entry; null when nothing changed (the same role again, a double submit). */
  entry: TimelineEntry | null;
}

function mustBeOpen(incident: Incident): void {
  if (!incident.open)
    throw new Refusal(
      `${incidentLabel(incident)} is resolved; this channel keeps its history, but it takes no more changes.`,
    );
}

export interface UpdateInput {
  incidentId: string;
  by: string;
  status: Exclude<IncidentStatus, 'resolved'>;
  summary: string;
  next?: string;
  /** Minutes until the next update; the severity's cadence when absent. */
  nextUpdateMinutes?: number;
}

/** A status update: resets the reminder clock; the first "monitoring" marks the incident mitigated. */
export async function postUpdate(
  ctx: WorkflowContext,
  input: UpdateInput,
): Promise<Changed & { update: StatusUpdate }> {
  const summary = input.summary.trim();
  if (!summary) throw new Refusal('A status update needs a summary of what changed.');
  const now = ctx.clock.now();
  const { before, after } = await mutate(ctx, input.incidentId, (i) => {
    mustBeOpen(i);
    const update: StatusUpdate = {
      at: now.toISOString(),
      by: input.by,
      status: input.status,
      summary,
      nextUpdateAt: nextDue(ctx, i.severity, now, input.nextUpdateMinutes),
    };
    if (input.next?.trim()) update.next = input.next.trim();
    const mitigatedAt = i.mitigatedAt ?? (input.status === 'monitoring' ? now.toISOString() : undefined);
    return {
      ...i,
      status: input.status,
      lastUpdate: update,
      nextUpdateDue: update.nextUpdateAt,
      missedUpdates: 0,
      ...(mitigatedAt ? { mitigatedAt } : {}),
    };
  });
  const changedStatus = before.status !== after.status;
  const entry = await addEntry(ctx, {
    incidentId: after.id,
    actor: input.by,
    at: now,
    fact: { kind: 'status', from: before.status, to: after.status, summary },
  });
  await audit(ctx, input.by, 'update', after, {
    status: after.status,
    previous: before.status,
    nextUpdateAt: after.nextUpdateDue,
  });
  if (changedStatus) await refreshTopic(ctx, after);
  ctx.events.emit('incident.updated', { incidentId: after.id });
  return { before, incident: after, entry, update: after.lastUpdate! };
}

/** Gives a role to a user, invites them, and records it. */
export async function setRole(
  ctx: WorkflowContext,
  input: { incidentId: string; role: IncidentRole; user: string; by: string },
): Promise<Changed> {
  const assign = (i: Incident): Incident => {
    mustBeOpen(i);
    return i.roles[input.role] === input.user ? i : { ...i, roles: { ...i.roles, [input.role]: input.user } };
  };
  const { before, after } =
    input.role === 'commander'
      ? await mutateIfAllowed(ctx, input.incidentId, input.by, { kind: 'commander', to: input.user }, assign)
      : await mutate(ctx, input.incidentId, assign);
  const previous = before.roles[input.role];
  if (previous === input.user) return { before, incident: after, entry: null };
  const problems = after.channelId ? await inviteAll(ctx, after.channelId, [input.user]) : [];
  if (problems.length) ctx.log.info({ problems }, 'the new role holder was not invited (already in the channel?)');
  const entry = await addEntry(ctx, {
    incidentId: after.id,
    actor: input.by,
    fact: { kind: 'role', role: input.role, user: input.user, ...(previous ? { previous } : {}) },
  });
  await audit(ctx, input.by, 'role', after, { role: input.role, user: input.user, previous: previous ?? null });
  if (input.role === 'commander') await refreshTopic(ctx, after);
  ctx.events.emit('incident.updated', { incidentId: after.id });
  return { before, incident: after, entry };
}

/**
 * Changes the severity: the reminder cadence follows (an earlier due time, never a later one), the prod
 * deploy locks follow (P0/P1 lock, lower releases), and the new severity's responders are invited.
 * Out of P0/P1 only by the commander or break-glass (authority.ts); a refusal is audited and thrown.
 */
export async function setSeverity(
  ctx: WorkflowContext,
  input: { incidentId: string; severity: Severity; by: string },
): Promise<Changed & { locks: LockChanges }> {
  const now = ctx.clock.now();
  const { before, after: changed } = await mutateIfAllowed(
    ctx,
    input.incidentId,
    input.by,
    { kind: 'severity', to: input.severity },
    (i) => {
      mustBeOpen(i);
      if (i.severity === input.severity) return i;
      const due = nextDue(ctx, input.severity, now);
      const nextUpdateDue = due && i.nextUpdateDue && i.nextUpdateDue < due ? i.nextUpdateDue : due;
      return { ...i, severity: input.severity, nextUpdateDue };
    },
  );
  if (before.severity === changed.severity)
    return { before, incident: changed, entry: null, locks: { locked: [], released: [] } };
  const locks = await syncLocks(ctx, changed);
  const { after } = await mutate(ctx, changed.id, (i) => ({ ...i, locks: locks.held }));
  if (after.channelId) {
    const responders = await respondersFor(ctx, after.severity, after.services);
    const problems = [...responders.problems, ...(await inviteAll(ctx, after.channelId, responders.users))];
    if (problems.length)
      ctx.log.warn({ problems, incident: after.id }, 'some responders of the new severity were not invited');
  }
  const entry = await addEntry(ctx, {
    incidentId: after.id,
    actor: input.by,
    at: now,
    fact: { kind: 'severity', from: before.severity, to: after.severity, ...locks.changes },
  });
  await audit(ctx, input.by, 'severity', after, {
    severity: after.severity,
    previous: before.severity,
    locked: locks.changes.locked,
    released: locks.changes.released,
  });
  await refreshTopic(ctx, after);
  ctx.events.emit('incident.updated', { incidentId: after.id });
  return { before, incident: after, entry, locks: locks.changes };
}
