import { formatDuration } from '../src/domain/format.js';
import { ROLE_NAME, type TimelineEntry } from '../src/domain/incident.js';

/**
 * What an entry says: the bot's words with its mentions (`<@U…>`), or a pinned message's own text. Entries
 * stored before entries carried facts say what they said then.
 */
export function entryText(e: TimelineEntry): string {
  if (e.kind === 'pinned')
    return e.text === undefined
      ? '(the message could not be read; follow the link)'
      : e.text || '(a message without text)';
  if ('text' in e) return e.text;
  switch (e.kind) {
    case 'declared':
      return `Declared ${e.severity}: ${e.title}. Commander <@${e.commander}>.`;
    case 'status':
      return e.from !== e.to ? `Status ${e.from} → ${e.to}: ${e.summary}` : `Update (${e.to}): ${e.summary}`;
    case 'severity':
      return [
        `Severity ${e.from} → ${e.to}.`,
        e.locked.length ? `Prod deploys of ${e.locked.join(', ')} locked.` : '',
        e.released.length ? `Prod deploy lock of ${e.released.join(', ')} released.` : '',
      ]
        .filter(Boolean)
        .join(' ');
    case 'role':
      return `${ROLE_NAME[e.role]}: <@${e.user}>${e.previous ? ` (was <@${e.previous}>)` : ''}`;
    case 'deploy': {
      const what = e.sha ? `\`${e.sha.slice(0, 7)}\`${e.commitTitle ? ` (${e.commitTitle})` : ''}` : e.deploymentId;
      return `Deploy of ${e.service} to ${e.environment} ${e.outcome.replace('_', ' ')}: ${what}${e.revision ? `, revision \`${e.revision}\`` : ''}.`;
    }
    case 'rollback':
      return `Rollback of ${e.service} in ${e.environment} ${e.ok ? 'done' : 'failed'}: traffic on \`${e.revision}\`.`;
    case 'reminder':
      return `Reminded <@${e.commander}>: status update overdue (${e.missed} missed).`;
    case 'escalation':
      return `No update for ${e.missed} reminders: escalated to ${e.group}.`;
    case 'resolved':
      return `Resolved after ${formatDuration(e.durationMs)}: ${e.summary}`;
    case 'alert':
      return e.state === 'open'
        ? `Alert fired: ${e.policy}${e.summary ? ` — ${e.summary}` : ''}`
        : `Alert resolved${e.durationMs !== undefined ? ` after ${formatDuration(e.durationMs)}` : ''}: ${e.policy}`;
  }
}
