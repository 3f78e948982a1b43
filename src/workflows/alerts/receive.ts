import { randomBytes } from 'node:crypto';
import {
  ALERT_SILENCES,
  ALERTS,
  alertId,
  firingMs,
  silenceId,
  type Alert,
  type AlertSignal,
} from '../../domain/alert.js';
import type { Incident, Severity, TimelineEntry } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { openIncidentsOn } from '../incident/deploys.js';
import { addEntry, getIncident } from '../incident/repository.js';
import { claimLease, type LeaseHolder, type LeaseTerms } from '../lease.js';
import { update } from '../records.js';
import { autoDeclareFor, routeAlert } from './route.js';

/** Whoever posts an alert's card holds its record this long; a poster that died is replaced by the next delivery after. */
export const CARD_LEASE: LeaseTerms<Alert> = { collection: ALERTS, noun: 'alert card', ms: 60_000 };

export interface Received {
  alert: Alert;
  /** This delivery created the record (the first of this alert anywhere). */
  first: boolean;
  /** This delivery closed it: it was open, or it is new and arrived closed (a close before its open). */
  closedNow: boolean;
  /** Nothing of what it says is news: a retry, or an open that arrived after its close. */
  stale: boolean;
  /** This instance posts the card, holding the record until it records where (`cardPosted`). */
  poster?: LeaseHolder<Alert>;
  /** The open incident it belongs to (it went there, or was declared as it), and its timeline entry, if new. */
  incident?: Incident;
  entry?: TimelineEntry;
  /** An auto-declare rule matched its first open: declare an incident of this severity. */
  autoDeclare?: Severity;
}

/**
 * One notification of an alert, exactly once per alert across instances: the first creates its record
 * (create-if-absent on the source's ID), every later one updates it by compare-and-set. Alerts of a service with an
 * open incident go to that incident; a silenced policy's are kept quiet; the rest get a card, which one instance
 * posts under the record's lease. An open that arrives after its close changes nothing.
 */
export async function receiveAlert(ctx: WorkflowContext, signal: AlertSignal): Promise<Received> {
  const now = ctx.clock.now();
  const id = alertId(signal.source, signal.key);
  const routing = routeAlert(ctx.config, { ...signal });
  const open = routing.service ? (await openIncidentsOn(ctx, routing.service)).filter((i) => i.channelId) : [];
  const incident = open.sort((a, b) => b.declaredAt.localeCompare(a.declaredAt))[0];
  const silenced = !incident && (await silencedNow(ctx, signal.policy, routing.service, now));
  const fresh: Alert = {
    ...signal,
    ...routing,
    id,
    route: incident ? 'incident' : silenced ? 'silenced' : 'card',
    receivedAt: now.toISOString(),
    updatedAt: now.toISOString(),
    deliveries: 1,
    ...(signal.state === 'closed' ? { closedFirst: true } : {}),
    ...(incident ? { incidentId: incident.id } : {}),
  };
  const created = await ctx.store.create(ALERTS, id, fresh);
  let alert: Alert;
  let closedNow = false;
  let stale = false;
  if (created) {
    alert = created.data;
    closedNow = signal.state === 'closed';
    await audit(ctx, alert, `alert.${signal.state}`, { route: alert.route, service: alert.service });
  } else {
    const merged = await update(ctx.store, ALERTS, id, (current) => merge(current, signal, now));
    if (!merged) throw new Error(`alert ${id} vanished while it was updated`);
    alert = merged.after.data;
    closedNow = merged.before.state === 'open' && alert.state === 'closed';
    stale = !closedNow && (signal.state === 'closed' || merged.before.state === 'closed');
    if (closedNow) await audit(ctx, alert, 'alert.closed', { after: firingMs(alert, now) });
  }
  const received: Received = { alert, first: !!created, closedNow, stale };
  if (alert.route === 'card' && !alert.card) {
    // A token per delivery: two deliveries to one instance must not both think they post.
    const owner = `${ctx.instanceId}.${randomBytes(6).toString('hex')}`;
    const poster = await claimLease(ctx, CARD_LEASE, id, { take: (r) => !r.card, owner });
    if (poster) {
      received.poster = poster;
      received.alert = poster.record;
    }
  }
  // A budget is the billing account's, not a service's: its card offers Declare incident, never declares on its own.
  if (created && signal.state === 'open' && alert.route === 'card' && signal.source !== 'budget') {
    const severity = autoDeclareFor(ctx.config, signal);
    if (severity) received.autoDeclare = severity;
  }
  if (alert.incidentId && (created || closedNow)) await recordOnTimeline(ctx, received, alert.incidentId, now);
  return received;
}

/** What a later notification changes: the latest values while open; a close once; never an open after the close. */
function merge(current: Alert, signal: AlertSignal, now: Date): Alert {
  const next: Alert = { ...current, deliveries: current.deliveries + 1, updatedAt: now.toISOString() };
  if (current.state === 'closed') return next;
  if (signal.state === 'closed') return { ...next, state: 'closed', endedAt: signal.endedAt ?? now.toISOString() };
  const latest = { summary: signal.summary, observed: signal.observed, threshold: signal.threshold, url: signal.url };
  for (const [key, value] of Object.entries(latest)) if (value !== undefined) Object.assign(next, { [key]: value });
  return next;
}

async function recordOnTimeline(ctx: WorkflowContext, received: Received, incidentId: string, now: Date) {
  const incident = await getIncident(ctx, incidentId).catch(() => undefined);
  if (!incident?.open) return;
  const { alert } = received;
  const closed = alert.state === 'closed';
  const entry = await addEntry(ctx, {
    incidentId,
    key: `alert.${alert.id}.${alert.state}`,
    actor: 'system',
    at: new Date(closed ? (alert.endedAt ?? now.toISOString()) : alert.startedAt),
    fact: {
      kind: 'alert',
      alertId: alert.id,
      policy: alert.policy,
      state: alert.state,
      ...(alert.summary && !closed ? { summary: alert.summary } : {}),
      ...(closed ? { durationMs: firingMs(alert, now) } : {}),
    },
  });
  received.incident = incident;
  if (entry) received.entry = entry;
}

async function silencedNow(ctx: WorkflowContext, policy: string, service: string | undefined, now: Date) {
  const silence = await ctx.store.get(ALERT_SILENCES, silenceId(policy, service));
  return !!silence && silence.data.until > now.toISOString();
}

export async function audit(
  ctx: WorkflowContext,
  alert: Pick<Alert, 'id'>,
  action: string,
  details: Record<string, unknown>,
  actor = 'system',
): Promise<void> {
  await ctx.store.appendAudit({ actor, action, target: `alert:${alert.id}`, details });
}

/** The card is posted: where, recorded with the lease given up in the same write. */
export async function cardPosted(poster: LeaseHolder<Alert>, card: { channel: string; ts: string }): Promise<Alert> {
  return poster.complete((record) => {
    record.card = card;
  });
}
