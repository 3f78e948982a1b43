import { firingMs, type Alert } from '../src/domain/alert.js';
import { incidentLabel, type Incident } from '../src/domain/incident.js';
import { minutes, severityWord } from './alert-card.js';
import { CARD_ACTIONS } from './incident-card.js';
import { actions, button, context, escapeMrkdwn, link, message, section, truncate, type Message } from './kit.js';

/** An alert for a service whose incident is open goes into that incident's channel instead of onto a card. */
export function renderAlertInIncident(a: Alert, incident: Incident): Message {
  const what = `${escapeMrkdwn(severityWord(a))} · *${escapeMrkdwn(truncate(a.policy, 200))}*`;
  const values =
    a.observed || a.threshold
      ? ` (${escapeMrkdwn(a.observed ?? '?')} against ${escapeMrkdwn(a.threshold ?? '?')})`
      : '';
  return message(`Alert firing on ${escapeMrkdwn(a.service ?? 'a service')}: ${escapeMrkdwn(a.policy)}`, [
    section(
      `:rotating_light: Alert on \`${escapeMrkdwn(a.service ?? '?')}\` while ${incidentLabel(incident)} is open: ${what}${values}${a.summary ? `\n${escapeMrkdwn(truncate(a.summary, 1500))}` : ''}`,
    ),
    context(`On the timeline.${a.url ? ` ${link(a.url, 'Open in Cloud Monitoring')}` : ''}`),
  ]);
}

/**
 * The alert of an incident resolved: said in the incident's channel, with a Resolve incident button for the
 * commander (the bot never resolves an incident on its own; the Resolve form checks who may).
 */
export function renderAlertResolvedInIncident(a: Alert, incident: Incident, now: Date): Message {
  const after = minutes(firingMs(a, now));
  return message(`Alert resolved after ${after}: ${escapeMrkdwn(a.policy)}`, [
    section(
      `:white_check_mark: *Alert resolved after ${after}:* ${escapeMrkdwn(truncate(a.policy, 200))}\n<@${incident.roles.commander}>, ${incidentLabel(incident)} stays open until you resolve it.`,
    ),
    actions(
      `alert.resolved.${a.id}`.slice(0, 255),
      button('Resolve incident', CARD_ACTIONS.resolve, incident.id, 'primary'),
    ),
  ]);
}

export function renderAlertDeclared(incident: Incident, auto: boolean): Message {
  const where = incident.channelId ? `<#${incident.channelId}>` : 'its channel (being set up)';
  return message(`${incidentLabel(incident)} declared from the alert`, [
    section(
      `:fire: ${auto ? 'Declared automatically (alerts.autoDeclare)' : 'Declared'}: *${incidentLabel(incident)}* ${incident.severity} · ${escapeMrkdwn(incident.title)} — ${where}`,
    ),
  ]);
}
