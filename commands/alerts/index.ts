import type { BlockButtonAction } from '@slack/bolt';
import { ALERT_ACTIONS } from '../../blocks/alert-card.js';
import { renderAlertDeclared } from '../../blocks/alert-messages.js';
import { declareModal } from '../../blocks/incident-modals.js';
import { alertsHookRoute } from '../../src/app/alerts-hook.js';
import { budgetHookRoute } from '../../src/app/budget-hook.js';
import type { Router } from '../../src/app/router.js';
import type { BudgetAlert } from '../../src/domain/cost.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { acknowledgeAlert, declarable, silenceAlert } from '../../src/workflows/alerts/actions.js';
import { receiveAlert } from '../../src/workflows/alerts/receive.js';
import { severityFor } from '../../src/workflows/alerts/route.js';
import { budgetAlertSignal, deployAlertSignal } from '../../src/workflows/alerts/sources.js';
import type { Feature, FeatureHost } from '../feature.js';
import { readDeclareForm } from '../incident/form-values.js';
import { attempt } from '../shared/attempt.js';
import { respondSafely, type Reply } from '../shared/reply.js';
import { AlertPresenter } from './presenter.js';

/** The declare form opened from an alert card; its metadata carries the alert. */
export const ALERT_DECLARE_VIEW = 'alert.declare';

/**
 * The one alert surface: POST /hooks/alerts (Cloud Monitoring webhooks, or Pub/Sub push), POST /hooks/budget (GCP
 * budget notifications), failed prod deploys, the card's buttons and its declare form. Its only command is
 * `/ops demo alert`, which the ops feature hands to `fireDemoAlert`.
 */
export const alertsFeature: Feature = { command: '/ops', register: registerAlerts };

function registerAlerts({ router, routes }: FeatureHost, ctx: WorkflowContext): void {
  const presenter = new AlertPresenter(router.client, ctx);
  routes.job('/hooks/alerts', alertsHookRoute(ctx, presenter.present));
  // A crossed budget threshold is an alert too, on the same card in the costs channel (POST /hooks/budget).
  const raiseBudget = async (alert: BudgetAlert) =>
    presenter.present(await receiveAlert(ctx, budgetAlertSignal(alert, ctx.clock.now(), ctx.config.channels.costs)));
  routes.job('/hooks/budget', budgetHookRoute(ctx, raiseBudget));
  // A failed prod deploy is an alert too: the same card, buttons and incident path (src/workflows/alerts/sources.ts).
  ctx.events.on('deploy.finished', async (event) => {
    const signal = await deployAlertSignal(ctx, event);
    if (signal) await presenter.present(await receiveAlert(ctx, signal));
    await presenter.refreshOpen(event.service, event.environment);
  });
  // Traffic moved: the open cards of the service show what serves now, and Roll back only where it still applies.
  ctx.events.on('rollback.finished', (event) => presenter.refreshOpen(event.service, event.environment));
  registerCardButtons(router, ctx, presenter);
  registerDeclareForm(router, ctx, presenter);
}

function registerCardButtons(router: Router, ctx: WorkflowContext, presenter: AlertPresenter): void {
  const clicks = {
    [ALERT_ACTIONS.acknowledge]: { attempted: 'acknowledge the alert', act: acknowledgeAlert },
    [ALERT_ACTIONS.silence]: { attempted: 'silence the alert', act: silenceAlert },
  };
  for (const [actionId, { attempted, act }] of Object.entries(clicks)) {
    router.action<BlockButtonAction>(actionId, async ({ ack, action, body, respond }) => {
      await ack();
      const reply: Reply = (m) =>
        respondSafely(respond, { ...m, response_type: 'ephemeral', replace_original: false }, ctx.log);
      await attempt(ctx, reply, attempted, async () => {
        const alert = await act(ctx, action.value ?? '', body.user.id);
        await presenter.refresh(alert.id);
      });
    });
  }

  router.action<BlockButtonAction>(ALERT_ACTIONS.declare, async ({ ack, action, body, client, respond }) => {
    await ack();
    const reply: Reply = (m) =>
      respondSafely(respond, { ...m, response_type: 'ephemeral', replace_original: false }, ctx.log);
    await attempt(ctx, reply, 'open the declare form', async () => {
      const alert = await declarable(ctx, action.value ?? '', body.user.id);
      await client.views.open({
        trigger_id: body.trigger_id,
        view: declareModal({
          declarer: body.user.id,
          services: Object.keys(ctx.config.services),
          channel: body.channel?.id ?? alert.channel,
          from: {
            callbackId: ALERT_DECLARE_VIEW,
            alertId: alert.id,
            title: alert.policy,
            severity: severityFor(ctx.config, alert),
            ...(alert.service ? { service: alert.service } : {}),
            ...(alert.summary ? { impact: alert.summary } : {}),
          },
        }),
      });
    });
  });
}

function registerDeclareForm(router: Router, ctx: WorkflowContext, presenter: AlertPresenter): void {
  router.view(ALERT_DECLARE_VIEW, async ({ ack, view, body }) => {
    const form = readDeclareForm(view.state.values, body.user.id);
    if ('errors' in form) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    const meta = readMeta(view.private_metadata);
    const reply: Reply = async (m) => {
      if (meta.channel) await presenter.incidents.ephemeral(meta.channel, body.user.id, m);
    };
    await attempt(ctx, reply, 'declare the incident', async () => {
      const alert = await declarable(ctx, meta.alertId, body.user.id);
      const { severity, ...details } = form;
      const incident = await presenter.declare(alert, severity, body.user.id, false, details);
      await reply(renderAlertDeclared(incident, false));
    });
  });
}

function readMeta(raw: string | undefined): { channel: string; alertId: string } {
  try {
    const parsed = JSON.parse(raw || '{}') as { channel?: unknown; alertId?: unknown };
    return {
      channel: typeof parsed.channel === 'string' ? parsed.channel : '',
      alertId: typeof parsed.alertId === 'string' ? parsed.alertId : '',
    };
  } catch {
    return { channel: '', alertId: '' };
  }
}
