import { servesNow, stopOf, type Deployment, type StoppedServing } from '../src/domain/deployment.js';
import type { LiveState } from '../src/domain/live.js';
import { escapeMrkdwn, formatTime, truncate } from './kit.js';

/** How a deploy's serving life reads on every surface: the plan card, history, /ops status, App Home, the incident card. */

const HOW: Record<StoppedServing['how'], string> = {
  rollback: 'with `/rollback`',
  'incident-card': 'from the incident card',
  'alert-card': 'from the alert card',
  'automatic-rollback': 'automatically',
  superseded: '',
};

const who = (user: string): string => (user === 'system' ? 'the bot' : `<@${user}>`);
const code = (text: string): string => `\`${escapeMrkdwn(truncate(text, 60))}\``;

/** "rolled back by @jo at 2026-11-24 14:10 Europe/Berlin with /rollback: error rate up · `api-00021-abc` serves instead". */
export function stopWords(d: Deployment, timeZone: string): string | undefined {
  const stop = stopOf(d);
  if (!stop) return undefined;
  const at = formatTime(new Date(stop.at), timeZone);
  if (stop.how === 'superseded')
    return `superseded by ${stop.supersededBy ? `${code(stop.supersededBy.sha.slice(0, 7))} (${code(stop.supersededBy.id)})` : 'a later deploy'} at ${at}`;
  const by = stop.how === 'automatic-rollback' ? '' : ` by ${who(stop.by)}`;
  const reason =
    stop.reason && stop.how !== 'automatic-rollback'
      ? `: ${escapeMrkdwn(truncate(stop.reason.split('\n')[0] ?? '', 300))}`
      : '';
  const instead = stop.to ? ` · ${code(stop.to.length === 40 ? stop.to.slice(0, 7) : stop.to)} serves instead` : '';
  return `rolled back ${HOW[stop.how]}${by} at ${at}${reason}${instead}`;
}

/** Whether the deploy was rolled back (not merely superseded) after it reached traffic. */
export const wasRolledBack = (d: Deployment): boolean => {
  const how = stopOf(d)?.how;
  return how !== undefined && how !== 'superseded';
};

/** One line for a deploy's serving state, or undefined for a deploy that never reached traffic. */
export function servingLine(d: Deployment, timeZone: string, isLive: boolean): string | undefined {
  const stopped = stopWords(d, timeZone);
  if (stopped) return `${wasRolledBack(d) ? ':rewind:' : ':heavy_minus_sign:'} ${stopped}`;
  if (!servesNow(d)) return undefined;
  if (d.status === 'running') return ':large_yellow_circle: taking part of the traffic (rolling out)';
  const again = d.servingAgain
    ? ` again since ${formatTime(new Date(d.servingAgain.at), timeZone)} (a rollback by ${who(d.servingAgain.by)} returned to it)`
    : '';
  return isLive ? `:large_green_circle: serving now${again}` : undefined;
}

/** "What is live" for one service and environment, by the records: the deploy serving, or the last one and how it stopped. */
export function liveLine(state: LiveState, timeZone: string): string | undefined {
  const where = `*${escapeMrkdwn(state.service)} → ${escapeMrkdwn(state.environment)}*`;
  if (state.live) {
    const d = state.live;
    const status =
      d.status === 'running'
        ? 'rolling out'
        : `live since ${formatTime(new Date(d.reachedTrafficAt ?? d.finishedAt ?? d.requestedAt), timeZone)}`;
    return `:large_green_circle: ${where} ${code(d.sha.slice(0, 7))}${d.revision ? ` · ${code(d.revision)}` : ''} by <@${d.requestedBy}> · ${status}`;
  }
  if (!state.last) return undefined;
  const stopped = stopWords(state.last, timeZone);
  return `:rewind: ${where} no deploy of the bot serves: ${code(state.last.sha.slice(0, 7))} was ${stopped ?? 'stopped'}`;
}
