import { INCIDENTS, type Incident, type IncidentAlert, type Severity } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { checkTarget } from '../targets.js';
import { addEntry, audit, linkEntry, mutate, nextNumber } from './repository.js';
import { leaseFor } from '../lease.js';
import { SETUP_LEASE, setUpChannel, type Declared } from './setup.js';

export interface DeclareInput {
  title: string;
  severity: Severity;
  services: string[];
  impact?: string;
  /** Defaults to the declarer. */
  commander?: string;
  declaredBy: string;
  /** Declared from an alert's card (or by its auto-declare rule). */
  alert?: IncidentAlert;
}

/** The "declared" timeline entry's key: it sorts first, and links to the card once that is posted. */
const DECLARED_KEY = '0-declared';

/** When the next update is due from `from`, by the severity's cadence; null when the severity has none. */
export function nextDue(ctx: WorkflowContext, severity: Severity, from: Date, minutes?: number): string | null {
  const cadence = minutes ?? ctx.config.incidents.updateCadenceMinutes[severity];
  return cadence ? new Date(from.getTime() + cadence * 60_000).toISOString() : null;
}

/**
 * Declares an incident: the record first (so nothing is lost if a later step fails), then its channel
 * (see setup.ts). Posting the card and the announcement is the Slack surface's part; it calls `attachMessage`
 * and `completeSetup` after.
 */
export async function declareIncident(ctx: WorkflowContext, input: DeclareInput): Promise<Declared> {
  const title = input.title.trim().replace(/\s+/g, ' ');
  if (!title) throw new Refusal('An incident needs a title.');
  const problem = input.services.map((service) => checkTarget(ctx.config.services, service)).find(Boolean);
  if (problem) throw new Refusal(problem, 'not_found');

  const now = ctx.clock.now();
  const number = await nextNumber(ctx);
  const incident: Incident = {
    id: `INC-${number}`,
    number,
    title,
    severity: input.severity,
    status: 'investigating',
    open: true,
    services: [...new Set(input.services)],
    impact: input.impact?.trim() || 'Being assessed',
    roles: { commander: input.commander ?? input.declaredBy },
    declaredBy: input.declaredBy,
    declaredAt: now.toISOString(),
    nextUpdateDue: nextDue(ctx, input.severity, now),
    missedUpdates: 0,
    locks: [],
    setupProblems: [],
    // Whoever declares sets it up; if that stops half-way (a restart, Slack down), the setup job takes over after this.
    lease: leaseFor(ctx, SETUP_LEASE, now),
    ...(input.alert ? { alert: input.alert } : {}),
  };
  await ctx.store.create(INCIDENTS, incident.id, incident);
  await audit(ctx, input.declaredBy, 'declare', incident, {
    title,
    severity: incident.severity,
    services: incident.services,
    commander: incident.roles.commander,
  });
  await addEntry(ctx, {
    incidentId: incident.id,
    key: DECLARED_KEY,
    actor: input.declaredBy,
    at: now,
    fact: { kind: 'declared', severity: incident.severity, title, commander: incident.roles.commander },
  });

  try {
    return await setUpChannel(ctx, incident);
  } catch (error) {
    // No channel, no incident: withdraw the record so it is not listed or reminded about, and say why.
    const record = await ctx.store.get(INCIDENTS, incident.id);
    if (record && !record.data.channelId) {
      await ctx.store.delete(INCIDENTS, incident.id, record.version);
      await audit(ctx, 'system', 'declare_failed', incident, {
        reason: error instanceof Error ? error.message : String(error),
      });
    }
    throw error;
  }
}

/** Records where the card (pinned here) or the announcement was posted, with its permalink. */
export async function attachMessage(
  ctx: WorkflowContext,
  incidentId: string,
  which: 'card' | 'announcement',
  channel: string,
  ts: string,
): Promise<Incident> {
  if (which === 'card')
    await ctx.chat
      .pin(channel, ts)
      .catch((error: unknown) => ctx.log.warn({ err: error, incidentId }, 'could not pin the incident card'));
  const permalink =
    which === 'card'
      ? await linkEntry(ctx, `${incidentId}.${DECLARED_KEY}`, channel, ts)
      : await ctx.chat.permalink(channel, ts).catch(() => undefined);
  const { after } = await mutate(ctx, incidentId, (i) => ({
    ...i,
    [which]: { channel, ts, ...(permalink ? { permalink } : {}) },
  }));
  return after;
}
