import { incidentLabel, type Incident, type TimelineEntry } from '../src/domain/incident.js';
import { entryText } from './incident-entry.js';
import { context, header, message, section, truncate, type Block, type Message } from './kit.js';
import { chunk, keepMentions, permalinkTo, quoted, shortTime, user } from './incident-common.js';

export const KIND_LABEL: Record<TimelineEntry['kind'], string> = {
  declared: ':rotating_light: Declared',
  status: ':memo: Status',
  severity: ':traffic_light: Severity',
  role: ':point_right: Role',
  deploy: ':rocket: Deploy',
  rollback: ':rewind: Rollback',
  pinned: ':pushpin: Pinned',
  reminder: ':alarm_clock: Reminder',
  escalation: ':rotating_light: Escalation',
  resolved: ':white_check_mark: Resolved',
  alert: ':bell: Alert',
};

/**
 * One line per entry: when (in the team's zone; the date only when it changes), what, who, the text and
 * a link to the message. Entry texts are the bot's own words with mentions, or a pinned message's text.
 */
export function timelineLines(entries: TimelineEntry[], timeZone: string): string[] {
  let previous: string | undefined;
  return entries.map((e) => {
    const when = shortTime(e.at, timeZone, previous);
    previous = e.at;
    const body =
      e.kind === 'pinned'
        ? `“${truncate(quoted(entryText(e)).replace(/\s*\n\s*/g, ' '), 400)}”`
        : keepMentions(entryText(e));
    return `\`${when}\` *${KIND_LABEL[e.kind]}* · ${user(e.actor)} — ${body}${permalinkTo(e.permalink)}`;
  });
}

/** `/incident timeline`: every entry, oldest first, with the zone named once. */
export function renderTimeline(i: Incident, entries: TimelineEntry[], timeZone: string): Message {
  const blocks: Block[] = [
    header(`Timeline: ${incidentLabel(i)} · ${i.title}`),
    context(`Times in ${timeZone} · ${entries.length} entries · mark a message with :pushpin: to add it`),
  ];
  blocks.push(...chunk(timelineLines(entries, timeZone)).map(section));
  return message(`Timeline of ${incidentLabel(i)} (${entries.length} entries, times in ${timeZone})`, blocks);
}
