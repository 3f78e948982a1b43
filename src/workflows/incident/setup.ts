import type { SetupProblem } from '../../domain/incident-facts.js';
import { incidentLabel, type Incident } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { createIncidentChannel, inviteAll, refreshTopic, respondersFor } from './channel.js';
import { syncLocks } from './locks.js';
import { audit, listOpen, mutate } from './repository.js';

/** How long whoever sets an incident up has before the setup job may take over. */
export const SETUP_LEASE_MS = 2 * 60_000;

export interface Declared {
  incident: Incident;
  /** What could not be done (an invite, a group lookup); the incident is declared all the same. */
  problems: SetupProblem[];
}

/**
 * The incident's channel: a free name, topic, purpose, invitations and, for a P0/P1, the prod deploy locks.
 * Skipped when the channel exists already, so a retry after a restart never makes a second one.
 */
export async function setUpChannel(ctx: WorkflowContext, incident: Incident): Promise<Declared> {
  if (incident.channelId) return { incident, problems: [] };
  const channel = await createIncidentChannel(ctx, incident.title, new Date(incident.declaredAt));
  const withChannel = { ...incident, channelId: channel.id, channelName: channel.name };
  // Recorded at once: from here on the incident has its channel, whatever fails next.
  await mutate(ctx, incident.id, (i) => ({ ...i, channelId: channel.id, channelName: channel.name }));
  const responders = await respondersFor(ctx, incident.severity, incident.services);
  const problems = [...responders.problems];
  await refreshTopic(ctx, withChannel);
  await ctx.chat
    .setIncidentPurpose(channel.id, withChannel)
    .catch((error: unknown) => ctx.log.warn({ err: error }, 'could not set the incident channel purpose'));
  problems.push(
    ...(await inviteAll(ctx, channel.id, [incident.declaredBy, incident.roles.commander, ...responders.users])),
  );
  const locks = await syncLocks(ctx, withChannel);
  const { after } = await mutate(ctx, incident.id, (i) => ({ ...i, locks: locks.held, setupProblems: problems }));
  if (locks.changes.locked.length)
    await audit(ctx, 'system', 'lock', after, { services: locks.changes.locked, environment: 'prod' });
  ctx.log.info({ incident: incidentLabel(after), channel: channel.name }, 'incident channel set up');
  ctx.events.emit('incident.updated', { incidentId: after.id });
  return { incident: after, problems };
}

/** The card is pinned and the announcement made (or given up on): the setup job leaves it alone from now on. */
export async function completeSetup(ctx: WorkflowContext, incidentId: string): Promise<void> {
  await mutate(ctx, incidentId, ({ setupLeaseUntil: _lease, ...i }) => ({ ...i, setupComplete: true }));
}

/**
 * Open incidents whose setup stopped half-way and whose lease ran out, each claimed for this caller
 * (compare-and-set). `busy` names the ones this process is still setting up itself, which are left alone.
 */
export async function claimUnfinishedSetups(
  ctx: WorkflowContext,
  now: Date,
  busy: (incidentId: string) => boolean = () => false,
): Promise<Incident[]> {
  const stale = (i: Incident) =>
    !i.setupComplete && !busy(i.id) && (!i.setupLeaseUntil || i.setupLeaseUntil <= now.toISOString());
  const claimed: Incident[] = [];
  for (const candidate of (await listOpen(ctx)).filter(stale)) {
    let won = false;
    const { after } = await mutate(ctx, candidate.id, (i) => {
      won = i.open && stale(i);
      return won ? { ...i, setupLeaseUntil: new Date(now.getTime() + SETUP_LEASE_MS).toISOString() } : i;
    });
    if (won) claimed.push(after);
  }
  return claimed;
}
