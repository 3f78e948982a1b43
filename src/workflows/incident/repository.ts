import { randomBytes } from 'node:crypto';
import {
  INCIDENT_COUNTERS,
  INCIDENT_TIMELINE,
  INCIDENTS,
  type Incident,
  type TimelineEntry,
} from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { Refusal, update } from '../records.js';

/** Store access for incidents and their timelines. Every write that must happen once is a create or a compare-and-set. */

export class IncidentNotFound extends Refusal {
  constructor(readonly incidentId: string) {
    super(`There is no incident ${incidentId}. \`/incident list\` shows the open ones.`, 'not_found');
  }
}

export async function getIncident(ctx: WorkflowContext, id: string): Promise<Incident> {
  const record = await ctx.store.get(INCIDENTS, id);
  if (!record) throw new IncidentNotFound(id);
  return record.data;
}

/** "7", "INC-7", "inc-7", "#7" → "INC-7", the incident's ID. */
export function parseIncidentRef(text: string): string | undefined {
  const number = /^(?:inc-?|#)?(\d{1,9})$/i.exec(text.trim())?.[1];
  return number ? `INC-${Number(number)}` : undefined;
}

export async function findByChannel(ctx: WorkflowContext, channelId: string): Promise<Incident | null> {
  const [found] = await ctx.store.list(INCIDENTS, { where: { channelId }, limit: 1 });
  return found?.data ?? null;
}

/** Open incidents, newest first. There are few, so they are sorted here rather than by an index. */
export async function listOpen(ctx: WorkflowContext): Promise<Incident[]> {
  const open = await ctx.store.list(INCIDENTS, { where: { open: true } });
  return open.map((r) => r.data).sort((a, b) => b.number - a.number);
}

/** Read-modify-write with compare-and-set; `change` returns the new incident (or the same one to write nothing). */
export async function mutate(
  ctx: WorkflowContext,
  id: string,
  change: (incident: Incident) => Incident,
): Promise<{ before: Incident; after: Incident }> {
  const result = await update(ctx.store, INCIDENTS, id, change);
  if (!result) throw new IncidentNotFound(id);
  return { before: result.before, after: result.after.data };
}

/** The next incident number, shared by every instance. */
export async function nextNumber(ctx: WorkflowContext): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const current = await ctx.store.get(INCIDENT_COUNTERS, 'incidents');
    if (!current) {
      if (await ctx.store.create(INCIDENT_COUNTERS, 'incidents', { last: 1 })) return 1;
      continue;
    }
    const next = current.data.last + 1;
    if (await ctx.store.compareAndSet(INCIDENT_COUNTERS, 'incidents', current.version, { last: next })) return next;
  }
  throw new Error('incident counter: too much contention');
}

export interface NewEntry {
  incidentId: string;
  kind: TimelineEntry['kind'];
  actor: string;
  text: string;
  at?: Date;
  permalink?: string;
  /** Makes the entry idempotent: the same key is recorded once (a 📌 on one message, one deploy's outcome). */
  key?: string;
}

let sequence = 0;

/** Adds a timeline entry; null when an entry with the same key exists already. */
export async function addEntry(ctx: WorkflowContext, input: NewEntry): Promise<TimelineEntry | null> {
  const at = input.at ?? ctx.clock.now();
  // Time, then a per-process sequence (entries of one instance keep their order within a millisecond), then randomness.
  sequence = (sequence + 1) % 1_000_000;
  const key =
    input.key ??
    `${String(at.getTime()).padStart(13, '0')}-${String(sequence).padStart(6, '0')}-${randomBytes(3).toString('hex')}`;
  const entry: TimelineEntry = {
    id: `${input.incidentId}.${key}`,
    incidentId: input.incidentId,
    at: at.toISOString(),
    actor: input.actor,
    kind: input.kind,
    text: input.text,
  };
  if (input.permalink) entry.permalink = input.permalink;
  const created = await ctx.store.create(INCIDENT_TIMELINE, entry.id, entry);
  return created ? entry : null;
}

/** Oldest first. */
export async function listTimeline(ctx: WorkflowContext, incidentId: string): Promise<TimelineEntry[]> {
  const entries = await ctx.store.list(INCIDENT_TIMELINE, { where: { incidentId } });
  return entries.map((r) => r.data).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

/** Links an entry to the message that shows it in the channel. */
export async function linkEntry(
  ctx: WorkflowContext,
  entryId: string,
  channel: string,
  ts: string,
): Promise<string | undefined> {
  try {
    const permalink = await ctx.chat.permalink(channel, ts);
    await update(ctx.store, INCIDENT_TIMELINE, entryId, (entry) => ({ ...entry, permalink }));
    return permalink;
  } catch (error) {
    ctx.log.warn({ err: error, entryId }, 'could not link a timeline entry to its message');
    return undefined;
  }
}

export async function audit(
  ctx: WorkflowContext,
  actor: string,
  action: string,
  incident: Pick<Incident, 'id'>,
  details: Record<string, unknown> = {},
): Promise<void> {
  await ctx.store.appendAudit({ actor, action: `incident.${action}`, target: `incident:${incident.id}`, details });
}
