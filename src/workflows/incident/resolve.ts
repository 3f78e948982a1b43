import { isPortError } from '../../domain/errors.js';
import { durationMs, type ActionItem, type Incident, type TimelineEntry } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { mutateIfAllowed } from './authority.js';
import { refreshTopic } from './channel.js';
import { syncLocks, type LockChanges } from './locks.js';
import { IncidentRefused } from './refusals.js';
import { addEntry, audit, getIncident, listTimeline, mutate } from './repository.js';

export interface ResolveInput {
  incidentId: string;
  by: string;
  /** The immediate fix. */
  summary: string;
  rootCause: string;
  preventive?: string;
  actions: ActionItem[];
}

export interface Resolved {
  incident: Incident;
  /** The "resolved" timeline entry; the postmortem message is its link. */
  entry: TimelineEntry | null;
  timeline: TimelineEntry[];
  locks: LockChanges;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Resolves once (a second resolve is refused), by the commander or a break-glass user (authority.ts): stops reminders, releases the deploy locks, computes the
 * time to resolve and schedules the channel's archiving. Returns what the postmortem draft is made of.
 */
export async function resolveIncident(ctx: WorkflowContext, input: ResolveInput): Promise<Resolved> {
  if (!input.summary.trim() || !input.rootCause.trim())
    throw new Refusal(
      'Resolving needs a resolution summary and a root cause (write "unknown" if it is not known yet).',
    );
  const now = ctx.clock.now();
  const days = ctx.config.incidents.archiveAfterDays;
  const { after: resolved } = await mutateIfAllowed(ctx, input.incidentId, input.by, { kind: 'resolve' }, (i) => {
    if (!i.open) throw new IncidentRefused({ kind: 'already-resolved', incident: i });
    return {
      ...i,
      status: 'resolved',
      open: false,
      nextUpdateDue: null,
      mitigatedAt: i.mitigatedAt ?? now.toISOString(),
      resolution: {
        at: now.toISOString(),
        by: input.by,
        summary: input.summary.trim(),
        rootCause: input.rootCause.trim(),
        ...(input.preventive?.trim() ? { preventive: input.preventive.trim() } : {}),
        actions: input.actions,
      },
      archiveAt: days === undefined ? null : new Date(now.getTime() + days * DAY_MS).toISOString(),
      archivePending: days !== undefined,
    };
  });
  const locks = await syncLocks(ctx, resolved);
  const { after } = await mutate(ctx, resolved.id, (i) => ({ ...i, locks: locks.held }));
  const entry = await addEntry(ctx, {
    incidentId: after.id,
    key: 'resolved',
    actor: input.by,
    at: now,
    fact: { kind: 'resolved', durationMs: durationMs(after, now), summary: after.resolution!.summary },
  });
  await audit(ctx, input.by, 'resolve', after, {
    durationMs: durationMs(after, now),
    actions: input.actions.length,
    released: locks.changes.released,
  });
  await refreshTopic(ctx, after);
  ctx.events.emit('incident.updated', { incidentId: after.id });
  return { incident: after, entry, timeline: await listTimeline(ctx, after.id), locks: locks.changes };
}

const CLAIM_MS = 60_000;

/**
 * Opens the postmortem draft as a GitHub issue in the configured repository, once: the incident records
 * a claim first, so a double click or two instances open one issue. Null when no repository is configured.
 */
export async function openPostmortemIssue(
  ctx: WorkflowContext,
  incidentId: string,
  draft: { title: string; body: string },
  by: string,
): Promise<Incident | null> {
  const repo = ctx.config.incidents.postmortem.github;
  if (!repo) return null;
  const now = ctx.clock.now();
  let claimed = false;
  const { after } = await mutate(ctx, incidentId, (i) => {
    claimed = false;
    if (i.postmortemIssue || (i.postmortemIssueClaim && i.postmortemIssueClaim > now.toISOString())) return i;
    claimed = true;
    return { ...i, postmortemIssueClaim: new Date(now.getTime() + CLAIM_MS).toISOString() };
  });
  if (!claimed) return after.postmortemIssue ? after : getIncident(ctx, incidentId);
  try {
    const issue = await ctx.sourceControl.createIssue(repo, {
      title: draft.title,
      body: draft.body,
      labels: ctx.config.incidents.postmortem.labels,
    });
    await audit(ctx, by, 'postmortem_issue', after, { repo: `${repo.owner}/${repo.repo}`, number: issue.number });
    return (
      await mutate(ctx, incidentId, ({ postmortemIssueClaim: _c, postmortemIssueError: _e, ...i }) => ({
        ...i,
        postmortemIssue: issue,
      }))
    ).after;
  } catch (error) {
    const reason = isPortError(error) ? error.message : 'an unexpected error (see the bot logs)';
    if (!isPortError(error)) ctx.log.error({ err: error, incidentId }, 'could not open the postmortem issue');
    return (
      await mutate(ctx, incidentId, ({ postmortemIssueClaim: _c, ...i }) => ({ ...i, postmortemIssueError: reason }))
    ).after;
  }
}
