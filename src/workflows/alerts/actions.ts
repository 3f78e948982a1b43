import { ALERT_SILENCES, ALERTS, silenceId, type Alert } from '../../domain/alert.js';
import type { Incident } from '../../domain/incident.js';
import { resolveApprovers } from '../approval/approvers.js';
import { isBreakGlass } from '../approval/break-glass.js';
import type { WorkflowContext } from '../context.js';
import { addEntry } from '../incident/repository.js';
import { Refusal, update } from '../records.js';
import { audit } from './receive.js';

/** The card's buttons: Acknowledge, Silence 1 h and Declare incident; each authorised, compare-and-set, audited. */

export type CardAction = 'acknowledge' | 'silence' | 'declare';
const VERB: Record<CardAction, string> = {
  acknowledge: 'acknowledge',
  silence: 'silence',
  declare: 'declare incidents from',
};

export async function getAlert(ctx: WorkflowContext, id: string): Promise<Alert> {
  const record = await ctx.store.get(ALERTS, id);
  if (!record)
    throw new Refusal('That alert is not known to the bot (it may have been posted by another bot).', 'not_found');
  return record.data;
}

/** `alerts.responders` (groups resolved) and break-glass users may; an empty list lets everyone. */
export async function ensureResponder(ctx: WorkflowContext, user: string, action: CardAction): Promise<void> {
  const listed = ctx.config.alerts.responders;
  if (listed.length === 0 || isBreakGlass(ctx, user)) return;
  if ((await resolveApprovers(ctx, listed)).includes(user)) return;
  await ctx.store.appendAudit({ actor: user, action: `alert.${action}.refused`, target: 'alerts', details: {} });
  throw new Refusal(
    `Only the alert responders (alerts.responders in chatops.yml) or a break-glass user can ${VERB[action]} alerts.`,
    'forbidden',
  );
}

export async function acknowledgeAlert(ctx: WorkflowContext, id: string, by: string): Promise<Alert> {
  await ensureResponder(ctx, by, 'acknowledge');
  const at = ctx.clock.now().toISOString();
  let done = false;
  const result = await update(ctx.store, ALERTS, id, (a) => {
    done = false;
    if (a.acknowledged) return a;
    done = true;
    return { ...a, acknowledged: { by, at } };
  });
  if (!result) throw new Refusal('That alert is not known to the bot.', 'not_found');
  if (done) await audit(ctx, result.after.data, 'alert.acknowledge', {}, by);
  return result.after.data;
}

/** Quietens the alert's policy (for its service) for `alerts.silenceMinutes`: new alerts of it get no card. */
export async function silenceAlert(ctx: WorkflowContext, id: string, by: string): Promise<Alert> {
  await ensureResponder(ctx, by, 'silence');
  const alert = await getAlert(ctx, id);
  const now = ctx.clock.now();
  const until = new Date(now.getTime() + ctx.config.alerts.silenceMinutes * 60_000).toISOString();
  const sid = silenceId(alert.policy, alert.service);
  const silence = {
    id: sid,
    policy: alert.policy,
    until,
    by,
    at: now.toISOString(),
    ...(alert.service ? { service: alert.service } : {}),
  };
  if (!(await ctx.store.create(ALERT_SILENCES, sid, silence)))
    await update(ctx.store, ALERT_SILENCES, sid, (s) => (s.until < until ? silence : s));
  const result = await update(ctx.store, ALERTS, id, (a) => ({ ...a, silenced: { by, at: now.toISOString(), until } }));
  await audit(ctx, alert, 'alert.silence', { policy: alert.policy, service: alert.service, until }, by);
  return result?.after.data ?? alert;
}

/** Before the declare form opens: refused when the alert already became (or went into) an incident. */
export async function declarable(ctx: WorkflowContext, id: string, by: string): Promise<Alert> {
  await ensureResponder(ctx, by, 'declare');
  const alert = await getAlert(ctx, id);
  if (alert.declared || alert.incidentId)
    throw new Refusal(
      `This alert is already part of ${alert.declared?.incidentId ?? alert.incidentId}; post there instead.`,
      'conflict',
    );
  return alert;
}

/** The incident declared from the alert: linked both ways, its firing on the timeline, audited. */
export async function linkDeclared(
  ctx: WorkflowContext,
  alertId: string,
  incident: Incident,
  by: string,
  auto: boolean,
): Promise<Alert> {
  const at = ctx.clock.now().toISOString();
  const result = await update(ctx.store, ALERTS, alertId, (a) =>
    a.declared ? a : { ...a, incidentId: incident.id, declared: { by, at, incidentId: incident.id, auto } },
  );
  if (!result) throw new Refusal('That alert is not known to the bot.', 'not_found');
  const alert = result.after.data;
  await addEntry(ctx, {
    incidentId: incident.id,
    key: `alert.${alert.id}.open`,
    actor: 'system',
    at: new Date(alert.startedAt),
    fact: {
      kind: 'alert',
      alertId: alert.id,
      policy: alert.policy,
      state: 'open',
      ...(alert.summary ? { summary: alert.summary } : {}),
    },
  });
  await audit(ctx, alert, 'alert.declare', { incident: incident.id, auto }, by);
  return alert;
}

/** The open alerts of a service and environment that have a card: refreshed when traffic moves (a rollback, a deploy). */
export async function openCardsOf(ctx: WorkflowContext, service: string, environment: string): Promise<Alert[]> {
  const records = await ctx.store.list(ALERTS, { where: { service } });
  return records.map((r) => r.data).filter((a) => a.environment === environment && a.state === 'open' && a.card);
}
