import { INCIDENTS, incidentLabel, type Incident } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { claimLease, isLeased, type LeaseTerms, withoutLease } from '../lease.js';
import type { SetupProblem } from '../../domain/incident-facts.js';
import { createIncidentChannel, inviteAll, refreshTopic, respondersFor } from './channel.js';
import { syncLocks } from './locks.js';
import { audit, listOpen, mutate } from './repository.js';

/** How long whoever sets an incident up (the declarer, or the setup job) has before the setup job may take over. */
export const SETUP_LEASE: LeaseTerms<Incident> = { collection: INCIDENTS, noun: 'incident set-up', ms: 2 * 60_000 };

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
    ...(await inviteAll(
      ctx,
      channel.id,
      [incident.declaredBy, incident.roles.commander, ...responders.users].filter((u) => u !== 'system'),
    )),
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
  await mutate(ctx, incidentId, (i) => ({ ...withoutLease(i), setupComplete: true }));
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
  const unfinished = (i: Incident) => i.open && !i.setupComplete && !busy(i.id);
  const claimed: Incident[] = [];
  for (const candidate of (await listOpen(ctx)).filter((i) => unfinished(i) && !isLeased(i, now))) {
    // expiredOnly: the declarer on this instance holds it as well, without a holder that the job could see.
    const held = await claimLease<Incident>(ctx, SETUP_LEASE, candidate.id, {
      now,
      expiredOnly: true,
      take: unfinished,
    });
    if (held) claimed.push(held.record);
  }
  return claimed;
}
