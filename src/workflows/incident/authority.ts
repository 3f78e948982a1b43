import type { GuardedChange, IncidentRefusal } from '../../domain/incident-facts.js';
import { LOCKING_SEVERITIES, type Incident } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { IncidentRefused } from './refusals.js';
import { audit, mutate } from './repository.js';

/**
 * Who may decide what about an incident, in one place. Taking an incident out of P0/P1 releases the prod
 * deploy locks and resolving ends it: those two need its commander or a break-glass user
 * (`deploy.breakGlass`). So does handing the commander role to someone else, or anyone could make themselves
 * commander and then lower it. Anyone in the channel may raise the severity, or move it within P0/P1 or P2/P3.
 * The command, the card's buttons and the modals all ask here: when a form opens, and again inside the write.
 */

/** The incident's commander first, then the break-glass users. */
export function deciders(ctx: WorkflowContext, incident: Incident): string[] {
  return [...new Set([incident.roles.commander, ...ctx.config.deploy.breakGlass])];
}

export function needsDecider(incident: Incident, change: GuardedChange): boolean {
  if (change.kind === 'resolve') return true;
  if (change.kind === 'commander') return incident.roles.commander !== change.to;
  return LOCKING_SEVERITIES.has(incident.severity) && !LOCKING_SEVERITIES.has(change.to);
}

/** A refusal that names who can (its facts); the attempt is in the audit log by the time the user reads it. */
export class NotAllowed extends IncidentRefused<Extract<IncidentRefusal, { kind: 'not-allowed' }>> {
  constructor(
    refusal: Extract<IncidentRefusal, { kind: 'not-allowed' }>,
    readonly user: string,
  ) {
    super(refusal);
    this.name = 'NotAllowed';
  }
}

/** Null when `user` may make the change to the incident as it is now (a resolved incident is refused elsewhere). */
export function refusalFor(
  ctx: WorkflowContext,
  incident: Incident,
  user: string,
  change: GuardedChange,
): NotAllowed | null {
  if (!incident.open || !needsDecider(incident, change)) return null;
  const allowed = deciders(ctx, incident);
  if (allowed.includes(user)) return null;
  return new NotAllowed({ kind: 'not-allowed', incident, change, allowed }, user);
}

async function auditRefusal(ctx: WorkflowContext, refused: NotAllowed): Promise<void> {
  const { incident, change, allowed } = refused.refusal;
  const details =
    change.kind === 'severity'
      ? { from: incident.severity, to: change.to, allowed }
      : change.kind === 'commander'
        ? { from: incident.roles.commander, to: change.to, allowed }
        : { allowed };
  await audit(ctx, refused.user, `${change.kind}.refused`, incident, details);
}

/** When a form opens or a button is clicked: throws a NotAllowed, audited, when the user may not. */
export async function ensureAllowed(
  ctx: WorkflowContext,
  incident: Incident,
  user: string,
  change: GuardedChange,
): Promise<void> {
  const refused = refusalFor(ctx, incident, user, change);
  if (!refused) return;
  await auditRefusal(ctx, refused);
  throw refused;
}

/** The write itself: the check runs inside the compare-and-set, so a commander changed in between is seen. */
export async function mutateIfAllowed(
  ctx: WorkflowContext,
  incidentId: string,
  user: string,
  change: GuardedChange,
  apply: (incident: Incident) => Incident,
): Promise<{ before: Incident; after: Incident }> {
  try {
    return await mutate(ctx, incidentId, (incident) => {
      const refused = refusalFor(ctx, incident, user, change);
      if (refused) throw refused;
      return apply(incident);
    });
  } catch (error) {
    if (error instanceof NotAllowed) await auditRefusal(ctx, error);
    throw error;
  }
}
