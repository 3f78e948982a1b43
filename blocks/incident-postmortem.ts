import {
  durationMs,
  incidentLabel,
  SEVERITY_MEANING,
  type Incident,
  type TimelineEntry,
} from '../src/domain/incident.js';
import {
  actions,
  button,
  context,
  fields,
  formatDuration,
  formatTime,
  header,
  link,
  message,
  section,
  truncate,
  type Block,
  type Message,
} from './kit.js';
import { githubMarkdown, githubTitle } from './github-text.js';
import { at, chunk, services, text, user } from './incident-common.js';
import { entryText } from './incident-entry.js';
import { KIND_LABEL, timelineLines } from './incident-timeline.js';

export const RETRY_ISSUE_ACTION = 'incident.postmortem.retry';
/** The most sections the investigation may take, so the action items always fit in Slack's 50 blocks. */
const MAX_TIMELINE_SECTIONS = 30;

export interface PostmortemInput {
  incident: Incident;
  timeline: TimelineEntry[];
  timeZone: string;
  /** "acme/postmortems" when config names a repository. */
  repo?: string;
}

/** The postmortem draft in runbook form, posted in the incident channel at resolve. */
export function renderPostmortem({ incident: i, timeline, timeZone, repo }: PostmortemInput): Message {
  const r = i.resolution!;
  const investigation = chunk(timelineLines(timeline, timeZone));
  const blocks: Block[] = [
    header(`Postmortem draft: ${incidentLabel(i)} · ${i.title}`),
    ...fields([
      ['Issue', text(i.title)],
      ['Severity', `${i.severity} — ${text(SEVERITY_MEANING[i.severity])}`],
      ['Impact', text(truncate(i.impact, 1500))],
      ['Duration', formatDuration(durationMs(i, new Date(r.at)))],
      ['Detected', at(i.alert?.startedAt ?? i.declaredAt, timeZone)],
      ['Mitigated', at(i.mitigatedAt ?? r.at, timeZone)],
      ['Resolved', `${at(r.at, timeZone)} by ${user(r.by)}`],
      ['Commander', user(i.roles.commander)],
      ['Affected services', services(i)],
    ]),
    section(`*Root cause*\n${text(truncate(r.rootCause, 2900))}`),
    section(`*Investigation* (the timeline, times in ${timeZone})`),
    ...investigation.slice(0, MAX_TIMELINE_SECTIONS).map(section),
  ];
  if (investigation.length > MAX_TIMELINE_SECTIONS)
    blocks.push(context(`…and more: \`/incident timeline ${i.number}\` shows every entry.`));
  blocks.push(
    section(
      `*Solution*\n*Immediate fix:* ${text(truncate(r.summary, 1400))}\n*Preventive measures:* ${r.preventive ? text(truncate(r.preventive, 1400)) : '_to be decided in the review_'}`,
    ),
    ...chunk([
      '*Action items*',
      ...(r.actions.length
        ? r.actions.map((a) => `☐ ${text(a.text)}${a.owner ? ` — ${user(a.owner)}` : ' — _owner to be found_'}`)
        : ['_none recorded yet_']),
    ]).map(section),
  );
  blocks.push(...issueBlocks(i, repo));
  return message(
    `Postmortem draft for ${incidentLabel(i)}: ${text(i.title)} — root cause: ${text(truncate(r.rootCause, 2000))}`,
    blocks,
  );
}

function issueBlocks(i: Incident, repo?: string): Block[] {
  if (i.postmortemIssue)
    return [
      context(
        `:link: Opened as ${link(i.postmortemIssue.url, `${repo ?? 'GitHub'}#${i.postmortemIssue.number}`)}; edit the draft there.`,
      ),
    ];
  if (i.postmortemIssueError) {
    return [
      section(
        `:warning: The GitHub issue could not be opened in ${repo ?? 'the configured repository'}: ${text(i.postmortemIssueError)}`,
      ),
      actions(`incident.postmortem.${i.id}`, button('Open the GitHub issue again', RETRY_ISSUE_ACTION, i.id)),
    ];
  }
  return repo
    ? []
    : [context('Set `incidents.postmortem.github` in chatops.yml to open this draft as a GitHub issue.')];
}

/**
 * The same draft as a GitHub issue: Markdown, Slack mentions turned into names, action items as a checklist.
 * Every word from people goes through githubMarkdown: nobody is pinged, nothing is cross-referenced, no HTML.
 * Slack names are not GitHub logins, so they are shown as `@name` in code too.
 */
export function postmortemIssue(
  { incident: i, timeline, timeZone }: PostmortemInput,
  nameOf: (userId: string) => string,
): { title: string; body: string } {
  const r = i.resolution!;
  const safe = githubMarkdown;
  // A pinned message is Slack's own text (links, entities); the bot's entries are plain words with mentions.
  const md = (e: TimelineEntry): string =>
    safe(e.kind === 'pinned' ? fromSlack(entryText(e), nameOf) : namesOf(entryText(e), nameOf));
  const who = (id: string): string => (id === 'system' ? 'bot' : safe(`@${nameOf(id)}`));
  const lines = [
    `## ${incidentLabel(i)} · ${safe(i.title)}`,
    '',
    `| | |`,
    `| --- | --- |`,
    `| **Issue** | ${cell(safe(i.title))} |`,
    `| **Severity** | ${i.severity} — ${SEVERITY_MEANING[i.severity]} |`,
    `| **Impact** | ${cell(safe(i.impact))} |`,
    `| **Duration** | ${formatDuration(durationMs(i, new Date(r.at)))} |`,
    `| **Detected** | ${formatTime(new Date(i.alert?.startedAt ?? i.declaredAt), timeZone)} |`,
    `| **Mitigated** | ${formatTime(new Date(i.mitigatedAt ?? r.at), timeZone)} |`,
    `| **Resolved** | ${formatTime(new Date(r.at), timeZone)} |`,
    `| **Commander** | ${who(i.roles.commander)} |`,
    `| **Services** | ${i.services.join(', ') || '—'} |`,
    '',
    '## Root cause',
    '',
    safe(r.rootCause),
    '',
    `## Investigation (times in ${timeZone})`,
    '',
    ...timeline.map(
      (e) =>
        `- **${formatTime(new Date(e.at), timeZone).replace(` ${timeZone}`, '')}** ${KIND_LABEL[e.kind].replace(/^:[a-z_]+: /, '')} · ${who(e.actor)} — ${md(e).replace(/\s*\n\s*/g, ' ')}${e.permalink ? ` ([Slack](${e.permalink}))` : ''}`,
    ),
    '',
    '## Solution',
    '',
    `**Immediate fix:** ${safe(r.summary)}`,
    '',
    `**Preventive measures:** ${r.preventive ? safe(r.preventive) : '_to be decided in the review_'}`,
    '',
    '## Action items',
    '',
    ...(r.actions.length
      ? r.actions.map((a) => `- [ ] ${safe(a.text)}${a.owner ? ` (owner: ${who(a.owner)})` : ''}`)
      : ['- [ ] _none recorded yet_']),
  ];
  return { title: `Postmortem: ${incidentLabel(i)} ${githubTitle(i.title)}`, body: lines.join('\n') };
}

const cell = (t: string): string => t.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');

/** The bot's `<@U…>` and `<#C…|name>` mentions as names. */
const namesOf = (t: string, nameOf: (userId: string) => string): string =>
  t
    .replace(/<@([UW][A-Z0-9]+)(?:\|[^>]*)?>/g, (_m, id: string) => `@${nameOf(id)}`)
    .replace(/<#[CG][A-Z0-9]+\|([^>]*)>/g, '#$1');

/** Slack's `<@U…>`, `<#C…|name>`, `<url|label>` and entities, in Markdown words. */
function fromSlack(t: string, nameOf: (userId: string) => string): string {
  return namesOf(t, nameOf)
    .replace(/<!(channel|here|everyone)[^>]*>/g, '@$1')
    .replace(/<(https?:[^|>]+)\|([^>]+)>/g, '[$2]($1)')
    .replace(/<(https?:[^>]+)>/g, '$1')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}
