import { SEVERITY_MEANING, type Incident, type IncidentStatus, type Severity } from '../src/domain/incident.js';
import { escapeKeepingMentions, escapeMrkdwn, formatTime, link, truncate } from './kit.js';

/** Words and marks shared by every incident message. */

export const SEVERITY_ICON: Record<Severity, string> = {
  P0: ':red_circle:',
  P1: ':large_orange_circle:',
  P2: ':large_yellow_circle:',
  P3: ':large_blue_circle:',
};
export const STATUS_ICON: Record<IncidentStatus, string> = {
  investigating: ':mag:',
  identified: ':bulb:',
  monitoring: ':eyes:',
  resolved: ':white_check_mark:',
};
export const STATUS_WORD: Record<IncidentStatus, string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const severityText = (s: Severity): string =>
  `${SEVERITY_ICON[s]} *${s}* — ${SEVERITY_MEANING[s].split(':')[0]}`;
export const statusText = (s: IncidentStatus): string => `${STATUS_ICON[s]} ${STATUS_WORD[s]}`;
export const user = (id: string | undefined): string =>
  id ? (id === 'system' ? 'the bot' : `<@${id}>`) : '_unassigned_';
export const channelLink = (i: Incident): string => (i.channelId ? `<#${i.channelId}>` : '_no channel yet_');
export const services = (i: Incident): string =>
  i.services.length ? i.services.map((s) => `\`${s}\``).join(', ') : '_none named_';
export const text = (t: string): string => escapeMrkdwn(t);

/** A timeline entry or problem: the bot's words with its mentions, around words from users (see kit's rule). */
export const keepMentions = (t: string): string => escapeKeepingMentions(t);

/** A message's own text (already in Slack's format) quoted without its broadcasts: `<!channel>` pings nobody again. */
export const quoted = (t: string): string =>
  t
    .replace(/<!(channel|here|everyone)[^>]*>/g, '@$1')
    .replace(/<!subteam\^[A-Z0-9]+(?:\|([^>]*))?>/g, (_m, label: string | undefined) => label ?? '@group');

/** "2026-11-22 14:05 Europe/Berlin". */
export const at = (iso: string, timeZone: string): string => formatTime(new Date(iso), timeZone);

/** "14:05" (same day as `ref`) or "2026-11-22 14:05", without the zone: for lists whose heading names it. */
export function shortTime(iso: string, timeZone: string, ref?: string): string {
  const full = at(iso, timeZone).replace(` ${timeZone}`, '');
  return ref && at(ref, timeZone).slice(0, 10) === full.slice(0, 10) ? full.slice(11) : full;
}

export const permalinkTo = (url: string | undefined, label = 'view'): string => (url ? ` ${link(url, label)}` : '');

/** A summary for notifications (a `text` fallback, so escaped): "INC-7 · P1 · Investigating · Checkout returns 500". */
export const headline = (i: Incident): string =>
  `INC-${i.number} · ${i.severity} · ${STATUS_WORD[i.status]} · ${text(i.title)}`;

/** Lines packed into sections of at most Slack's 3,000 characters. */
export function chunk(lines: string[], max = 2900): string[] {
  const out: string[] = [];
  let current = '';
  for (const line of lines.map((l) => truncate(l, max))) {
    if (current && current.length + line.length + 1 > max) {
      out.push(current);
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(current);
  return out;
}
