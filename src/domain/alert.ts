import { collection } from './collection.js';
import type { Deployment } from './deployment.js';
import type { Incident } from './incident.js';
import type { LiveState } from './live.js';
import type { Lease } from './lease.js';
import { alertSchema, alertSilenceSchema } from './alert-schema.js';

/** Where an alert came from: a Cloud Monitoring policy, a GCP budget, or a deploy the bot ran. */
export type AlertSource = 'monitoring' | 'budget' | 'deploy';
export type AlertState = 'open' | 'closed';

/**
 * What any source hands the alert surface: one shape for the card, whichever system raised it. Cloud Monitoring's
 * notification maps onto it (src/app/alerts-payload.ts); a budget threshold or a failed deploy can fill it too.
 */
export interface AlertSignal {
  source: AlertSource;
  /** The source's own ID for this alert: Cloud Monitoring's incident_id; deduplicated on. */
  key: string;
  state: AlertState;
  /** The policy (or budget, or deploy) that raised it. */
  policy: string;
  condition?: string;
  summary?: string;
  /** As the source says it: Cloud Monitoring's "Critical", "Error", "Warning" or "No severity". */
  severity?: string;
  observed?: string;
  threshold?: string;
  startedAt: string;
  endedAt?: string;
  url?: string;
  resource?: { type: string; labels: Record<string, string> };
  metric?: string;
  /** The policy's user labels. */
  labels: Record<string, string>;
  documentation?: string;
  /** The configured service, when the source knows it (a deploy); otherwise routed from resource and labels. */
  service?: string;
  environment?: string;
  /** Where its card goes when no configured service claims it (a budget's: the costs channel). */
  channel?: string;
}

/** Someone pressed a button on the card. */
export interface AlertAct {
  by: string;
  at: string;
}

/** Where the alert was shown: its own card, an open incident's channel, or nowhere because it was silenced. */
export type AlertRoute = 'card' | 'incident' | 'silenced';

/** One alert as the store keeps it: every delivery of it updates this record. */
export interface Alert extends AlertSignal {
  id: string;
  /** The channel its card goes to (the service's, or alerts.channel). */
  channel: string;
  route: AlertRoute;
  receivedAt: string;
  updatedAt: string;
  /** How many notifications of it arrived (repeats and retries included). */
  deliveries: number;
  /** The close arrived before the open (or the open never did). */
  closedFirst?: boolean;
  card?: { channel: string; ts: string };
  /** The incident it went into (open already) or was declared as. */
  incidentId?: string;
  acknowledged?: AlertAct;
  silenced?: AlertAct & { until: string };
  declared?: AlertAct & { incidentId: string; auto: boolean };
  /** Whoever posts its card holds this while posting: one card across instances. */
  lease?: Lease;
}

/** A policy (of a service, if any) the card's Silence button quietened until `until`. */
export interface AlertSilence {
  id: string;
  policy: string;
  service?: string;
  until: string;
  by: string;
  at: string;
}

export const ALERTS = collection('alerts', alertSchema);
export const ALERT_SILENCES = collection('alert-silences', alertSilenceSchema);

/** A store ID from a source's key: record IDs may not hold "/" (and Firestore's not ".." alone). */
export const alertId = (source: AlertSource, key: string): string =>
  `${source}-${key.replace(/[^A-Za-z0-9._-]/g, '_')}`.slice(0, 200);

export const silenceId = (policy: string, service: string | undefined): string =>
  `${service ?? '-'}.${policy}`.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 200);

/** How long it fired: from its start to its end (or `now`). */
export function firingMs(alert: Pick<Alert, 'startedAt' | 'endedAt'>, now: Date): number {
  const end = alert.endedAt ? Date.parse(alert.endedAt) : now.getTime();
  return Math.max(0, end - Date.parse(alert.startedAt));
}

/** When a deploy moved traffic: a canary step's share (or 100 % when a workflow run finished), and when. */
export interface TrafficMove {
  percent: number;
  at: string;
}

export interface AlertDeploy {
  deploy: Deployment;
  moves: TrafficMove[];
}

/** What the card shows beside the alert itself: the service's last deploys, what serves, and its incident. */
export interface AlertCardFacts {
  deploys: AlertDeploy[];
  /** What serves the service now (records and Cloud Run): decides which deploy gets the Roll back button. */
  live?: LiveState;
  incident?: Incident;
}
