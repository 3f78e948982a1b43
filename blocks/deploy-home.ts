import type { HomeView } from '@slack/types';
import type { Deployment } from '../src/domain/deployment.js';
import type { LiveState } from '../src/domain/live.js';
import type { DeployLock } from '../src/domain/lock.js';
import { liveLine } from './deploy-serving.js';
import { rolloutDuration, shortSha, STATUS_LABEL } from './deploy-history.js';
import { describeLockHolder } from './deploy-locks.js';
import { context, divider, escapeMrkdwn, formatTime, header, link, section, type Block } from './kit.js';

/** Slack allows 100 blocks in a Home tab; each list shows this many and counts the rest. */
const MAX_ITEMS = 15;

interface Linked {
  deployment: Deployment;
  link?: string;
}

export interface HomeInput {
  awaitingMe: Linked[];
  inFlight: Linked[];
  locks: DeployLock[];
  /** What serves each service and environment, by the records. */
  live?: LiveState[];
  now: Date;
}

/** The App Home tab: approvals waiting for me, deploys in flight, active locks. */
export function renderDeployHome(input: HomeInput, timeZone: string): HomeView {
  const { awaitingMe, inFlight, locks, now } = input;
  const live = (input.live ?? []).flatMap((state) => liveLine(state, timeZone) ?? []);
  const blocks: Block[] = [
    header('Deploys'),
    context(`As of ${formatTime(now, timeZone)} · reopen this tab to refresh`),
    section(`*Approvals waiting for you* (${awaitingMe.length})`),
    ...list(awaitingMe, 'Nothing is waiting for your approval.', (item) => approvalLine(item, timeZone)),
    divider(),
    section(`*Deploys in flight* (${inFlight.length})`),
    ...list(inFlight, 'No deploy is rolling out.', (item) => inFlightLine(item, now)),
    divider(),
    section("*What is live*, by the bot's records"),
    ...list(live, 'No deploy of the bot has reached traffic yet.', (line) => line),
    divider(),
    section(`*Active locks* (${locks.length})`),
    ...list(
      locks,
      'No service is locked.',
      (lock) =>
        `:lock: *${escapeMrkdwn(lock.service)} ${escapeMrkdwn(lock.environment)}* ${describeLockHolder(lock, timeZone)}`,
    ),
    divider(),
    context(
      '`/deploy lock <service> <env> [--for 2h] [reason]` · `/deploy unlock <service> <env>` · `/deploy history <service> [env]`',
    ),
  ];
  return { type: 'home', blocks };
}

function list<T>(items: T[], empty: string, line: (item: T) => string): Block[] {
  if (items.length === 0) return [context(empty)];
  const shown = items.slice(0, MAX_ITEMS).map((item) => section(line(item)));
  return items.length > MAX_ITEMS ? [...shown, context(`…and ${items.length - MAX_ITEMS} more.`)] : shown;
}

const what = (d: Deployment): string =>
  `*${escapeMrkdwn(d.service)} → ${escapeMrkdwn(d.environment)}* ${shortSha(d.sha)} (\`${escapeMrkdwn(d.ref)}\`)`;
const open = (item: Linked): string => (item.link ? ` · ${link(item.link, 'Open the plan')}` : '');

function approvalLine(item: Linked, timeZone: string): string {
  const d = item.deployment;
  const expiry = d.expiresAt ? ` · expires ${formatTime(new Date(d.expiresAt), timeZone)}` : '';
  return `:raised_hand: ${what(d)} requested by <@${d.requestedBy}>\n${d.approvals.length} of ${d.requiredApprovals} approvals${expiry}${open(item)}`;
}

function inFlightLine(item: Linked, now: Date): string {
  const d = item.deployment;
  const step = d.steps.find((s) => s.state === 'running');
  const progress = step ? ` · step ${d.steps.indexOf(step) + 1}/${d.steps.length}: ${escapeMrkdwn(step.name)}` : '';
  return `${STATUS_LABEL[d.status]} ${what(d)} by <@${d.requestedBy}>\n${rolloutDuration(d, now)}${progress}${open(item)}`;
}
