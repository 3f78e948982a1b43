import { firingMs, type Alert, type AlertCardFacts, type AlertDeploy } from '../src/domain/alert.js';
import type { Severity } from '../src/domain/incident.js';
import { servingLine } from './deploy-serving.js';
import { rollbackButton, rollbackOf } from './incident-card.js';
import { at, shortTime, user } from './incident-common.js';
import {
  actions,
  button,
  context,
  divider,
  escapeMrkdwn,
  fields,
  formatDuration,
  header,
  link,
  message,
  section,
  truncate,
  type Block,
  type Message,
} from './kit.js';
import type { Button } from '@slack/types';

export const ALERT_ACTIONS = {
  declare: 'alert.declare.open',
  acknowledge: 'alert.acknowledge',
  silence: 'alert.silence',
} as const;

export interface AlertCardInput {
  alert: Alert;
  facts: AlertCardFacts;
  timeZone: string;
  now: Date;
  /** The severity Declare incident starts at (from the policy's severity). */
  declareAs: Severity;
  silenceMinutes: number;
}

const SOURCE: Record<Alert['source'], string> = {
  monitoring: 'Cloud Monitoring',
  budget: 'Budget alert',
  deploy: 'Deploy',
};
const ICON: Record<string, string> = {
  critical: ':red_circle:',
  error: ':large_orange_circle:',
  warning: ':large_yellow_circle:',
};

export const severityWord = (a: Pick<Alert, 'severity'>): string => a.severity?.trim() || 'No severity';
const text = (t: string, max = 1500): string => escapeMrkdwn(truncate(t, max));

/** "23 min" under an hour, "1h 5m" above: the alert surface's one way to say how long it fired. */
export function minutes(ms: number): string {
  if (ms >= 3_600_000) return formatDuration(ms);
  return ms < 60_000 ? `${Math.max(1, Math.round(ms / 1000))} s` : `${Math.round(ms / 60_000)} min`;
}

/** "Firing since 14:02 (12 min)" or "Alert resolved after 23 min". */
export function stateLine(a: Alert, now: Date, timeZone: string): string {
  if (a.state === 'closed')
    return `:white_check_mark: *Alert resolved after ${minutes(firingMs(a, now))}*${a.closedFirst ? ' (its close arrived before its open)' : ''}`;
  if (a.source === 'budget') return `:money_with_wings: *Crossed* at ${at(a.startedAt, timeZone)}`;
  return `:rotating_light: *Firing* since ${at(a.startedAt, timeZone)} (${minutes(firingMs(a, now))})`;
}

/** The alert card, in the Alert report's order: state, facts, the service's deploys, buttons and who pressed them. */
export function renderAlertCard(input: AlertCardInput): Message {
  const { alert: a, timeZone, now } = input;
  const title = `${severityWord(a)} · ${a.policy}`;
  const open = a.state === 'open';
  const resource = a.service
    ? `\`${escapeMrkdwn(a.service)}\` ${escapeMrkdwn(a.environment ?? '')}${revisionOf(a)}`
    : a.source === 'budget'
      ? budgetOf(a)
      : `${text(a.resource?.type ?? 'unknown', 100)} _(no configured service: ${escapeMrkdwn(a.channel)} by default)_`;
  const blocks: Block[] = [
    header(`${a.state === 'closed' ? '✅ ' : ''}${title}`),
    section(`${ICON[severityWord(a).toLowerCase()] ?? ':white_circle:'} ${stateLine(a, now, timeZone)}`),
    ...fields([
      ['Condition', text(a.condition ?? '—', 300)],
      ...(a.observed || a.threshold
        ? [
            ['Observed / threshold', `${text(a.observed ?? '?', 60)} against ${text(a.threshold ?? '?', 60)}`] as [
              string,
              string,
            ],
          ]
        : []),
      ['Resource', resource],
      ['Started at', at(a.startedAt, timeZone)],
      ...(a.metric ? [['Metric', text(a.metric, 200)] as [string, string]] : []),
      ['Link', a.url ? link(a.url, `Open in ${SOURCE[a.source]}`) : '—'],
    ]),
  ];
  if (a.summary) blocks.push(section(`*Summary:* ${text(a.summary)}`));
  if (a.documentation) blocks.push(context(`:book: ${text(a.documentation, 1000)}`));
  blocks.push(divider(), ...deployBlocks(input));
  const buttons = open ? cardButtons(input) : [];
  if (buttons.length) blocks.push(actions(`alert.card.${a.id}`.slice(0, 255), ...buttons));
  const acts = actsLine(input);
  if (acts) blocks.push(context(acts));
  blocks.push(
    context(
      `${SOURCE[a.source]} · ${a.source === 'monitoring' ? 'incident ' : ''}\`${escapeMrkdwn(truncate(a.key, 80))}\` · ${a.deliveries} notification${a.deliveries === 1 ? '' : 's'}`,
    ),
  );
  const fallback = `${open ? (a.source === 'budget' ? 'Budget alert' : 'Alert firing') : `Alert resolved after ${minutes(firingMs(a, now))}`}: ${escapeMrkdwn(title)}${a.service ? ` on ${escapeMrkdwn(a.service)}` : ''}`;
  return message(fallback, blocks);
}

const revisionOf = (a: Alert): string => {
  const revision = a.resource?.labels.revision_name;
  return revision ? ` · revision \`${escapeMrkdwn(truncate(revision, 80))}\`` : '';
};

const budgetOf = (a: Alert): string => {
  const { budget_id: budget = '?', billing_account_id: account } = a.resource?.labels ?? {};
  return `budget \`${text(budget, 80)}\`${account ? ` of billing account \`${text(account, 40)}\`` : ''}`;
};

function deployBlocks({ alert: a, facts, timeZone }: AlertCardInput): Block[] {
  if (a.source === 'budget')
    return [context('A budget is the billing account’s, not one service’s: no deploys to show.')];
  if (!a.service) return [context('No configured service claims this alert, so no deploys to show.')];
  const heading = section(`*Last deploys* of \`${escapeMrkdwn(a.service)}\` ${escapeMrkdwn(a.environment ?? '')}`);
  if (facts.deploys.length === 0) return [heading, context('No deploys of it recorded by the bot.')];
  return [
    heading,
    ...facts.deploys.map((entry) => {
      const d = entry.deploy;
      const serving = servingLine(d, timeZone, facts.live?.live?.id === d.id);
      const block = section(
        `${movesLine(entry, a.startedAt)}\n\`${escapeMrkdwn(d.sha.slice(0, 7))}\` ${text(d.commitTitle ?? d.ref, 150)} · by ${user(d.requestedBy)} · ${shortTime(d.requestedAt, timeZone)}${serving ? `\n${serving}` : ''}`,
      );
      const back = a.state === 'open' && facts.live ? rollbackOf(d, facts.live) : undefined;
      if (back) {
        block.block_id = `alert.deploy.${d.id}`.slice(0, 255);
        block.accessory = rollbackButton(d, back, 'alert-card');
      }
      return block;
    }),
  ];
}

/** "`api-d4f2` reached 10 % 9 min before, 50 % 4 min before, 100 % 1 min after this alert". */
export function movesLine({ deploy: d, moves }: AlertDeploy, alertStart: string): string {
  const name = `\`${escapeMrkdwn(truncate(d.strategy === 'cloud-run' ? (d.revision ?? d.id) : d.sha.slice(0, 7), 80))}\``;
  if (moves.length === 0) return `${name} moved no traffic`;
  const start = Date.parse(alertStart);
  const words = moves.map((m) => {
    const diff = start - Date.parse(m.at);
    return `${m.percent} % ${minutes(Math.abs(diff))} ${diff >= 0 ? 'before' : 'after'}`;
  });
  return `${name} reached ${words.join(', ')} this alert`;
}

function cardButtons({ alert: a, declareAs, silenceMinutes }: AlertCardInput): Button[] {
  const out: Button[] = [];
  if (!a.declared && !a.incidentId)
    out.push(button(`Declare incident (${declareAs})`, ALERT_ACTIONS.declare, a.id, 'danger'));
  if (!a.acknowledged) out.push(button('Acknowledge', ALERT_ACTIONS.acknowledge, a.id, 'primary'));
  // A budget crosses each threshold once a month: there is nothing to silence.
  if (!a.silenced && a.source !== 'budget')
    out.push(button(`Silence ${minutes(silenceMinutes * 60_000)}`, ALERT_ACTIONS.silence, a.id));
  return out;
}

function actsLine({ alert: a, facts, timeZone }: AlertCardInput): string {
  const parts: string[] = [];
  if (a.declared)
    parts.push(
      `:fire: ${a.declared.auto ? 'Declared automatically' : `Declared by ${user(a.declared.by)}`} as ${incidentName(facts, a.declared.incidentId)} at ${shortTime(a.declared.at, timeZone)}`,
    );
  else if (a.incidentId) parts.push(`:fire: Part of ${incidentName(facts, a.incidentId)}`);
  if (a.acknowledged)
    parts.push(`:eyes: Acknowledged by ${user(a.acknowledged.by)} at ${shortTime(a.acknowledged.at, timeZone)}`);
  if (a.silenced)
    parts.push(
      `:no_bell: Silenced by ${user(a.silenced.by)} until ${shortTime(a.silenced.until, timeZone, a.silenced.at)}: new alerts of this policy get no card`,
    );
  return parts.join('\n');
}

function incidentName(facts: AlertCardFacts, id: string): string {
  const i = facts.incident;
  return i?.id === id && i.channelId ? `*${escapeMrkdwn(id)}* (<#${i.channelId}>)` : `*${escapeMrkdwn(id)}*`;
}
