import { incidentLabel, LOCKING_SEVERITIES, type Incident, type Severity } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { audit, mutate } from './repository.js';

/**
 * Who may decide what about an incident, in one place. Taking an incident out of P0/P1 releases the prod
 * deploy locks and resolving ends it: those two need its commander or a break-glass user
 * (`deploy.breakGlass`). So does handing the commander role to someone else, or anyone could make themselves
 * commander and then lower it. Anyone in the channel may raise the severity, or move it within P0/P1 or P2/P3.
 * The command, the card's buttons and the modals all ask here: when a form opens, and again inside the write.
 */
export type GuardedChange =
  | { kind: 'severity'; to: Severity }
  | { kind: 'resolve' }
  | { kind: 'commander'; to: string };

/** The incident's commander first, then the break-glass users. */
export function deciders(ctx: WorkflowContext, incident: Incident): string[] {
  return [...new Set([incident.roles.commander, ...ctx.config.deploy.breakGlass])];
}

export function needsDecider(incident: Incident, change: GuardedChange): boolean {
  if (change.kind === 'resolve') return true;
  if (change.kind === 'commander') return incident.roles.commander !== change.to;
  return LOCKING_SEVERITIES.has(incident.severity) && !LOCKING_SEVERITIES.has(change.to);
}

/** A refusal that names who can; the attempt is in the audit log by the time the user reads it. */
export class NotAllowed extends Refusal {
  constructor(
    message: string,
    readonly incident: Incident,
    readonly user: string,
    readonly change: GuardedChange,
    readonly allowed: string[],
  ) {
    super(message, 'forbidden');
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
  const commander = incident.roles.commander;
  const breakGlass = allowed.filter((u) => u !== commander);
  const who = `the incident commander, <@${commander}>,${breakGlass.length ? ` or a break-glass user (${breakGlass.map((u) => `<@${u}>`).join(', ')})` : ''}`;
  const label = incidentLabel(incident);
  const message =
    change.kind === 'resolve'
      ? `Only ${who} can resolve ${label}. Ask them, or post an update instead. Nothing was changed.`
      : change.kind === 'commander'
        ? `Only ${who} can hand the commander role of ${label} to someone else: the commander decides when it is lowered or resolved. Ask them. Nothing was changed.`
        : `Only ${who} can lower ${label} from ${incident.severity} to ${change.to}${incident.locks.length ? ': that unlocks prod deploys' : ''}. Ask them; raising the severity stays open to everyone. Nothing was changed.`;
  return new NotAllowed(message, incident, user, change, allowed);
}

async function auditRefusal(ctx: WorkflowContext, refused: NotAllowed): Promise<void> {
  const { incident, change, allowed } = refused;
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
