import { incidentLabel, type Incident } from '../src/domain/incident.js';
import { escapeMrkdwn } from './kit.js';
import { STATUS_WORD } from './incident-common.js';

/** Slack's limit on a channel's topic and purpose (in characters; the bot keeps to 250). */
const MAX = 250;

/** "INC-7 · P1 · Investigating · Commander @alex · api": kept in step with status, severity and commander. */
export const incidentTopic = (i: Incident): string =>
  `${incidentLabel(i)} · ${i.severity} · ${STATUS_WORD[i.status]} · Commander <@${i.roles.commander}>${i.services.length ? ` · ${i.services.join(', ')}` : ''}`.slice(
    0,
    MAX,
  );

export const incidentPurpose = (i: Incident): string =>
  `${escapeMrkdwn(i.title)} — declared by <@${i.declaredBy}>. Updates: /incident update · Resolve: /incident resolve`.slice(
    0,
    MAX,
  );
