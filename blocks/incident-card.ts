import type { Button } from '@slack/types';
import { servedAs, type Deployment } from '../src/domain/deployment.js';
import { describeDrift, type LiveState } from '../src/domain/live.js';
import { servingLine } from './deploy-serving.js';
import { durationMs, incidentLabel, SEVERITY_MEANING, type Incident } from '../src/domain/incident.js';
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
import { at, channelLink, keepMentions, services, SEVERITY_ICON, statusText, text, user } from './incident-common.js';
import { problemText } from './incident-refusals.js';

export const CARD_ACTIONS = {
  update: 'incident.update.open',
  roles: 'incident.roles.open',
  resolve: 'incident.resolve.open',
} as const;
/** Handled by the deploy feature's rollback flow. */
export const ROLLBACK_ACTION = 'rollback.start';

export interface CardInput {
  incident: Incident;
  deploys: Deployment[];
  /** What serves each affected service in prod (records against Cloud Run): decides which deploy gets Roll back. */
  live?: LiveState[];
  timeZone: string;
  now: Date;
  /** Services whose prod deploys this incident holds locked. */
  locked: string[];
}

/** The incident card, in runbook order: facts, then recent deploys, root cause, actions. Pinned and updated in place. */
export function renderIncidentCard({ incident: i, deploys, live = [], timeZone, now, locked }: CardInput): Message {
  const title = `${i.severity} · ${i.title}`;
  const blocks: Block[] = [
    header(title),
    section(`${statusText(i.status)} · ${incidentLabel(i)} · ${channelLink(i)}`),
    ...(i.alert ? [context(`:rotating_light: Declared from the alert ${alertName(i.alert)}`)] : []),
    ...fields([
      ['Severity', `${SEVERITY_ICON[i.severity]} ${i.severity} — ${escapeMrkdwn(SEVERITY_MEANING[i.severity])}`],
      ['Status', statusText(i.status)],
      ['Impact', text(truncate(i.impact, 1500))],
      ['Commander', user(i.roles.commander)],
      ['Communications', user(i.roles.communications)],
      ['Scribe', user(i.roles.scribe)],
      ['Started at', at(i.declaredAt, timeZone)],
      ['Affected services', services(i)],
      ['Last update', lastUpdate(i, timeZone)],
      ['Next update due', nextUpdate(i, timeZone, now)],
    ]),
  ];
  if (i.resolution) {
    blocks.push(
      ...fields([
        ['Resolved at', `${at(i.resolution.at, timeZone)} by ${user(i.resolution.by)}`],
        ['Time to resolve', formatDuration(durationMs(i, now))],
      ]),
      section(`*Resolution:* ${text(truncate(i.resolution.summary, 2800))}`),
    );
  }
  blocks.push(
    section(`*Root cause:* ${i.resolution ? text(truncate(i.resolution.rootCause, 2800)) : 'TBD'}`),
    divider(),
    ...deployBlocks(i, deploys, timeZone, live),
  );
  if (locked.length)
    blocks.push(
      context(
        `:lock: Prod deploys of ${locked.map((s) => `\`${s}\``).join(', ')} are locked until this incident is resolved.`,
      ),
    );
  if (i.setupProblems.length)
    blocks.push(context(`:warning: ${keepMentions(i.setupProblems.map(problemText).join(' · '))}`));
  if (i.open) {
    blocks.push(
      actions(
        `incident.card.${i.id}`,
        button('Post update', CARD_ACTIONS.update, i.id, 'primary'),
        button('Assign roles', CARD_ACTIONS.roles, i.id),
        button('Resolve', CARD_ACTIONS.resolve, i.id, 'danger'),
      ),
    );
  }
  blocks.push(context(footer(i, timeZone)));
  return message(`${incidentLabel(i)} ${text(title)} — ${i.status}. Commander: <@${i.roles.commander}>.`, blocks);
}

function lastUpdate(i: Incident, timeZone: string): string {
  const u = i.lastUpdate;
  if (!u) return 'none yet';
  return `${at(u.at, timeZone)} by ${user(u.by)}\n${text(truncate(u.summary, 300))}`;
}

function nextUpdate(i: Incident, timeZone: string, now: Date): string {
  if (!i.open) return '—';
  if (!i.nextUpdateDue) return `no reminders at ${i.severity}`;
  const overdue = i.nextUpdateDue <= now.toISOString();
  return `${overdue ? ':warning: overdue since ' : ''}${at(i.nextUpdateDue, timeZone)}${i.missedUpdates ? ` (${i.missedUpdates} missed)` : ''}`;
}

function deployBlocks(i: Incident, deploys: Deployment[], timeZone: string, live: LiveState[]): Block[] {
  if (i.services.length === 0) return [section('*Recent deploys:* no affected service named, so none to show.')];
  const heading = section(`*Recent prod deploys* of ${services(i)}`);
  const drifts = live.flatMap((s) =>
    s.drift ? [context(`:warning: *${escapeMrkdwn(s.service)}:* ${describeDrift(s.drift)}`)] : [],
  );
  if (deploys.length === 0)
    return [heading, context('No prod deploys recorded by the bot for these services.'), ...drifts];
  return [
    heading,
    ...deploys.map((d) => {
      const state = live.find((s) => s.service === d.service && s.environment === d.environment);
      const serving = servingLine(d, timeZone, state?.live?.id === d.id);
      const line = `\`${escapeMrkdwn(d.sha.slice(0, 7))}\` *${escapeMrkdwn(d.service)}* → ${escapeMrkdwn(d.environment)} · ${d.status.replace('_', ' ')} · ${at(d.requestedAt, timeZone)} by ${user(d.requestedBy)}${serving ? `\n${serving}` : ''}${d.commitTitle ? `\n${text(truncate(d.commitTitle, 200))}` : ''}`;
      const block = section(line);
      const back = i.open && state ? rollbackOf(d, state) : undefined;
      if (back) {
        block.block_id = `incident.deploy.${d.id}`.slice(0, 255);
        block.accessory = rollbackButton(d, back);
      }
      return block;
    }),
    ...drifts,
  ];
}

/**
 * Roll back only the deploy that serves now (by the records, and Cloud Run's most traffic where read), and only
 * to what it replaced: never a button that moves traffic further back than the last good revision.
 */
export function rollbackOf(d: Deployment, state: LiveState): { from: string; to: string } | undefined {
  const from = servedAs(d);
  if (state.live?.id !== d.id || d.status !== 'succeeded' || !from || !d.rollbackTarget) return undefined;
  if (state.traffic && state.traffic[0]?.revision !== from) return undefined;
  return { from, to: d.rollbackTarget };
}

export function rollbackButton(d: Deployment, back: { from: string; to: string }, via?: 'alert-card'): Button {
  const name = (rev: string) => `\`${escapeMrkdwn(d.strategy === 'cloud-run' ? truncate(rev, 80) : rev.slice(0, 7))}\``;
  const what =
    d.strategy === 'cloud-run'
      ? `100% of ${escapeMrkdwn(d.service)} ${escapeMrkdwn(d.environment)} traffic from ${name(back.from)} to ${name(back.to)}, the revision this deploy replaced`
      : `${escapeMrkdwn(d.service)} ${escapeMrkdwn(d.environment)} from ${name(back.from)} back to ${name(back.to)}, the commit this deploy replaced`;
  return {
    ...button(
      'Roll back',
      ROLLBACK_ACTION,
      JSON.stringify({
        service: d.service,
        environment: d.environment,
        deploymentId: d.id,
        from: back.from,
        to: back.to,
        ...(via ? { via } : {}),
      }),
      'danger',
    ),
    confirm: {
      title: { type: 'plain_text', text: truncate(`Roll back ${d.service} ${d.environment}?`, 100) },
      text: { type: 'mrkdwn', text: truncate(`This moves ${what}.`, 300) },
      confirm: { type: 'plain_text', text: 'Roll back' },
      deny: { type: 'plain_text', text: 'Cancel' },
      style: 'danger',
    },
  };
}

const alertName = (a: NonNullable<Incident['alert']>): string =>
  a.url ? link(a.url, a.policy) : `*${escapeMrkdwn(a.policy)}*`;

function footer(i: Incident, timeZone: string): string {
  const links = [
    i.announcement?.permalink ? link(i.announcement.permalink, 'announcement') : '',
    i.postmortemIssue ? link(i.postmortemIssue.url, `postmortem issue #${i.postmortemIssue.number}`) : '',
  ].filter(Boolean);
  return [
    `Declared by ${user(i.declaredBy)} at ${at(i.declaredAt, timeZone)}`,
    incidentLabel(i),
    '`/incident timeline` for the timeline',
    ...links,
  ].join(' · ');
}
