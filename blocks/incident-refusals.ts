import type { IncidentProblem, IncidentRefusal } from '../src/domain/incident-facts.js';
import { incidentLabel } from '../src/domain/incident.js';

/** Incident refusals and set-up problems in words, mentions included (callers escape around them). */

/** Who may, in words: the commander first, then the break-glass users. */
function whoMay(commander: string, allowed: string[]): string {
  const breakGlass = allowed.filter((u) => u !== commander);
  return `the incident commander, <@${commander}>,${breakGlass.length ? ` or a break-glass user (${breakGlass.map((u) => `<@${u}>`).join(', ')})` : ''}`;
}

export function refusalText(refusal: IncidentRefusal): string {
  const { incident } = refusal;
  const label = incidentLabel(incident);
  if (refusal.kind === 'already-resolved')
    return `${label} was resolved already, by <@${incident.resolution?.by ?? 'unknown'}>.`;
  const { change } = refusal;
  const who = whoMay(incident.roles.commander, refusal.allowed);
  if (change.kind === 'resolve')
    return `Only ${who} can resolve ${label}. Ask them, or post an update instead. Nothing was changed.`;
  if (change.kind === 'commander')
    return `Only ${who} can hand the commander role of ${label} to someone else: the commander decides when it is lowered or resolved. Ask them. Nothing was changed.`;
  return `Only ${who} can lower ${label} from ${incident.severity} to ${change.to}${incident.locks.length ? ': that unlocks prod deploys' : ''}. Ask them; raising the severity stays open to everyone. Nothing was changed.`;
}

export function problemText(problem: IncidentProblem): string {
  if (typeof problem === 'string') return problem;
  if (problem.kind === 'not-invited') return `Could not invite <@${problem.user}>: ${problem.reason}`;
  return `Could not read the members of ${problem.group}: ${problem.reason}`;
}
