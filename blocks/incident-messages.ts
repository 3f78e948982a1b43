import type { IncidentProblem } from '../src/domain/incident-facts.js';
import {
  incidentLabel,
  ROLE_NAME,
  SEVERITIES,
  SEVERITY_MEANING,
  type Incident,
  type Reminder,
  type IncidentRole,
  type IncidentStatus,
  type TimelineEntry,
} from '../src/domain/incident.js';
import { context, fields, header, link, message, section, truncate, type Block, type Message } from './kit.js';
import {
  at,
  channelLink,
  chunk,
  headline,
  keepMentions,
  services,
  SEVERITY_ICON,
  severityText,
  statusText,
  text,
  user,
} from './incident-common.js';
import { problemText } from './incident-refusals.js';
import { entryText } from './incident-entry.js';

/** The announcement in the incidents channel. */
export function renderAnnouncement(i: Incident, timeZone: string): Message {
  return message(
    `:rotating_light: ${incidentLabel(i)} declared: ${i.severity} ${text(i.title)}. Join #${i.channelName ?? ''}.`,
    [
      section(`:rotating_light: *${incidentLabel(i)} declared* · ${severityText(i.severity)}\n*${text(i.title)}*`),
      ...fields([
        ['Channel', channelLink(i)],
        ['Commander', user(i.roles.commander)],
        ['Affected services', services(i)],
        ['Impact', text(truncate(i.impact, 1000))],
      ]),
      context(
        `Declared by ${user(i.declaredBy)} at ${at(i.declaredAt, timeZone)}${i.card?.permalink ? ` · ${link(i.card.permalink, 'incident card')}` : ''}`,
      ),
    ],
  );
}

/** Runbook status update: status · what changed · what we are doing now · next update at. `broadcast` adds where it comes from. */
export function renderStatusUpdate(
  i: Incident,
  previous: IncidentStatus,
  timeZone: string,
  broadcast: boolean,
): Message {
  const u = i.lastUpdate!;
  const status = previous !== u.status ? `${statusText(u.status)} (was ${previous})` : statusText(u.status);
  const blocks: Block[] = [
    section(
      `:memo: *${incidentLabel(i)} status update*${broadcast ? ` · ${SEVERITY_ICON[i.severity]} ${i.severity} · ${text(i.title)} · ${channelLink(i)}` : ''}`,
    ),
    ...fields([
      ['Status', status],
      ['Next update at', u.nextUpdateAt ? at(u.nextUpdateAt, timeZone) : 'none planned'],
    ]),
    section(`*What changed:* ${text(truncate(u.summary, 2900))}`),
  ];
  if (u.next) blocks.push(section(`*What we are doing now:* ${text(truncate(u.next, 2900))}`));
  blocks.push(context(`Posted by ${user(u.by)} at ${at(u.at, timeZone)}`));
  return message(`${incidentLabel(i)} update — ${u.status}: ${text(u.summary)}`, blocks);
}

export function renderRoleChange(i: Incident, role: IncidentRole, holder: string, by: string): Message {
  return message(`${ROLE_NAME[role]} of ${incidentLabel(i)}: <@${holder}>`, [
    section(`:point_right: ${ROLE_NAME[role]} of ${incidentLabel(i)} is now ${user(holder)} (set by ${user(by)}).`),
  ]);
}

export function renderSeverityChange(
  i: Incident,
  previous: Incident['severity'],
  by: string,
  locks: { locked: string[]; released: string[] },
): Message {
  const lines = [
    `${SEVERITY_ICON[i.severity]} *${incidentLabel(i)} severity ${previous} → ${i.severity}* (${text(SEVERITY_MEANING[i.severity])}), set by ${user(by)}. ${text(i.title)} · ${channelLink(i)}`,
  ];
  if (locks.locked.length)
    lines.push(`:lock: Prod deploys of ${locks.locked.join(', ')} are locked until it is resolved.`);
  if (locks.released.length) lines.push(`:unlock: Prod deploys of ${locks.released.join(', ')} are unlocked.`);
  return message(`${incidentLabel(i)} severity ${previous} → ${i.severity}`, [section(lines.join('\n'))]);
}

export function renderReminder(r: Reminder, timeZone: string): Message {
  const i = r.incident;
  const ask = `Post one with \`/incident update\` or the card's *Post update* button.`;
  if (r.escalatedTo) {
    const group = r.escalatedTo.startsWith('S')
      ? `<!subteam^${r.escalatedTo}>`
      : `${r.escalatedTo}${r.escalatedMembers?.length ? ` (${r.escalatedMembers.map((m) => `<@${m}>`).join(' ')})` : ''}`;
    return message(`${incidentLabel(i)} escalated to ${r.escalatedTo}: ${r.missed} status updates missed`, [
      section(
        `:rotating_light: ${group}: *${incidentLabel(i)}* (${i.severity}, ${text(i.title)}) has missed ${r.missed} status updates in a row. Escalating: please join and support ${user(i.roles.commander)}.\n${ask}`,
      ),
    ]);
  }
  return message(`${incidentLabel(i)}: status update overdue`, [
    section(
      `:alarm_clock: ${user(i.roles.commander)}, the ${incidentLabel(i)} status update was due at ${at(r.dueAt, timeZone)}${r.missed > 1 ? ` (${r.missed} missed in a row)` : ''}. ${ask}`,
    ),
  ]);
}

const DEPLOY_ICON: Record<string, string> = { deploy: ':rocket:', rollback: ':rewind:' };

/** A deploy or rollback of an affected service, as posted in the incident channel. */
export function renderDeployNotice(i: Incident, entry: TimelineEntry, timeZone: string): Message {
  const said = keepMentions(entryText(entry));
  return message(`${incidentLabel(i)}: ${said}`, [
    section(
      `${DEPLOY_ICON[entry.kind] ?? ':rocket:'} ${said} ${entry.actor !== 'system' ? `(${user(entry.actor)})` : ''}`,
    ),
    context(`${at(entry.at, timeZone)} · added to the timeline`),
  ]);
}

export function renderDeclared(i: Incident, problems: IncidentProblem[]): Message {
  const done = [
    i.card ? 'the card is pinned there' : '',
    i.announcement ? 'it is announced in the incidents channel' : '',
  ]
    .filter(Boolean)
    .join(' and ');
  const lines = [
    `:white_check_mark: Declared *${incidentLabel(i)}* (${i.severity}): ${channelLink(i)}${done ? `; ${done}` : ''}.`,
  ];
  if (problems.length)
    lines.push(`:warning: ${problems.map((p) => keepMentions(problemText(p))).join('\n:warning: ')}`);
  return message(`Declared ${incidentLabel(i)}: #${i.channelName ?? ''}`, [section(lines.join('\n'))]);
}

export function renderIncidentList(incidents: Incident[], timeZone: string): Message {
  if (incidents.length === 0)
    return message('No open incidents.', [
      section(':white_check_mark: No open incidents. `/incident declare` starts one.'),
    ]);
  const lines = incidents.map(
    (i) =>
      `${SEVERITY_ICON[i.severity]} *${incidentLabel(i)}* · ${i.severity} · ${statusText(i.status)} · ${text(truncate(i.title, 120))} · ${channelLink(i)} · commander ${user(i.roles.commander)} · since ${at(i.declaredAt, timeZone)}`,
  );
  return message(`Open incidents: ${incidents.map(headline).join('; ')}`, [
    header(`Open incidents (${incidents.length})`),
    ...chunk(lines).map(section),
  ]);
}

export function renderIncidentHelp(usage: string[]): Message {
  const severities = SEVERITIES.map((s) => `${SEVERITY_ICON[s]} *${s}* ${text(SEVERITY_MEANING[s])}`).join('\n');
  return message(`Incident commands: ${text(usage.join('; '))}`, [
    section(`*Incident commands*\n${usage.map((u) => `\`${text(u)}\``).join('\n')}`),
    section(`*Severities*\n${severities}`),
    context('Mark any message in an incident channel with :pushpin: to put it on the timeline.'),
  ]);
}

/** `update`, `resolve`, `role`, `severity` typed outside an incident channel. */
export function renderNotInIncident(subcommand: string, open: Incident[]): Message {
  const where = open.length
    ? `Open incidents: ${open
        .slice(0, 10)
        .map((i) => `${channelLink(i)} (${incidentLabel(i)}, ${i.severity}, ${text(truncate(i.title, 60))})`)
        .join(', ')}.`
    : 'There is no open incident; `/incident declare` starts one.';
  return message(`/incident ${text(subcommand)} works only in an incident channel.`, [
    section(
      `:information_source: \`/incident ${text(subcommand)}\` works in an incident channel, and this is not one. ${where}`,
    ),
  ]);
}

export function renderResolvedNotice(i: Incident, timeZone: string, took: string): Message {
  const r = i.resolution!;
  return message(`${incidentLabel(i)} resolved after ${took}: ${text(i.title)}`, [
    section(
      `:white_check_mark: *${incidentLabel(i)} resolved* after ${took} · ${SEVERITY_ICON[i.severity]} ${i.severity} · ${text(i.title)} · ${channelLink(i)}\n*Fix:* ${text(truncate(r.summary, 1200))}\n*Root cause:* ${text(truncate(r.rootCause, 1200))}`,
    ),
    context(`Resolved by ${user(r.by)} at ${at(r.at, timeZone)} · the postmortem draft is in ${channelLink(i)}`),
  ]);
}
