import { renderAlertCard } from '../../blocks/alert-card.js';
import {
  renderAlertDeclared,
  renderAlertInIncident,
  renderAlertResolvedInIncident,
} from '../../blocks/alert-messages.js';
import type { Alert } from '../../src/domain/alert.js';
import type { Incident, Severity } from '../../src/domain/incident.js';
import { renderProblem } from '../../blocks/help.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { explain } from '../shared/failure.js';
import { getAlert, linkDeclared, openCardsOf } from '../../src/workflows/alerts/actions.js';
import { alertCardFacts } from '../../src/workflows/alerts/deploys.js';
import { cardPosted, type Received } from '../../src/workflows/alerts/receive.js';
import { severityFor } from '../../src/workflows/alerts/route.js';
import { declareIncident } from '../../src/workflows/incident/declare.js';
import { publishOrLater } from '../incident/declare-flow.js';
import type { IncidentPresenter } from '../incident/presenter.js';
import type { SlackClient } from '../incident/users.js';
import { IncidentPresenter as Incidents } from '../incident/presenter.js';
import type { DeclareForm } from '../incident/form-values.js';

/**
 * The alerts feature's Slack side: posts the card the workflow decided on (once, by the instance holding the
 * record), updates it on every later notification and click, and speaks in the incident's channel when the alert
 * belongs to an open incident. Card updates of one alert run one after another, so an older state never wins.
 */
export class AlertPresenter {
  private readonly refreshing = new Map<string, Promise<void>>();
  readonly incidents: IncidentPresenter;

  constructor(
    readonly client: SlackClient,
    private readonly ctx: WorkflowContext,
  ) {
    this.incidents = new Incidents(client, ctx);
  }

  readonly present = async (r: Received): Promise<void> => {
    const { alert } = r;
    if (r.poster) {
      try {
        const body = await this.card(alert);
        const posted = await this.incidents.post(alert.channel, body);
        await cardPosted(r.poster, posted);
      } catch (error) {
        await r.poster.release().catch(() => undefined);
        throw error;
      }
      // A notification that arrived while the card was being posted is shown now.
      await this.refresh(alert.id);
      if (r.autoDeclare) await this.autoDeclare(alert, r.autoDeclare);
    } else if (alert.card) await this.refresh(alert.id);
    if (r.incident && r.entry) {
      const body =
        alert.state === 'closed'
          ? renderAlertResolvedInIncident(alert, r.incident, this.ctx.clock.now())
          : renderAlertInIncident(alert, r.incident);
      await this.incidents.postInIncident(r.incident, body, r.entry);
    }
  };

  /** A failed auto-declare is said in the card's thread (the card has Declare incident); the alert stands. */
  private async autoDeclare(alert: Alert, severity: Severity): Promise<void> {
    try {
      await this.declare(alert, severity, 'system', true);
    } catch (error) {
      const problem = renderProblem(
        `Could not declare ${severity} automatically: ${explain(error, this.ctx)} Use *Declare incident* on the card.`,
      );
      const card = (await getAlert(this.ctx, alert.id)).card;
      if (card)
        await this.client.chat
          .postMessage({ channel: card.channel, thread_ts: card.ts, text: problem.text, blocks: problem.blocks })
          .catch((e: unknown) => this.ctx.log.warn({ err: e }, 'could not reply in the alert card thread'));
    }
  }

  /** Declares the incident the alert is (auto-declare, or the card's form), links both and posts its card. */
  async declare(
    alert: Alert,
    severity: Severity,
    by: string,
    auto: boolean,
    form?: Omit<DeclareForm, 'severity'>,
  ): Promise<Incident> {
    const declared = await declareIncident(this.ctx, {
      title: form?.title ?? alert.policy.slice(0, 120),
      severity,
      services: form?.services ?? (alert.service ? [alert.service] : []),
      impact: form?.impact ?? alert.summary?.slice(0, 2000) ?? '',
      commander: form?.commander ?? (auto ? (this.ctx.config.alerts.commander ?? 'system') : by),
      declaredBy: by,
      alert: {
        id: alert.id,
        policy: alert.policy,
        startedAt: alert.startedAt,
        ...(alert.url ? { url: alert.url } : {}),
      },
    });
    const incident = await publishOrLater(this.ctx, this.incidents, declared.incident, declared.problems);
    await linkDeclared(this.ctx, alert.id, incident, by, auto);
    await this.refresh(alert.id);
    if (alert.card)
      await this.client.chat
        .postMessage({ channel: alert.card.channel, thread_ts: alert.card.ts, ...renderAlertDeclared(incident, auto) })
        .catch((error: unknown) => this.ctx.log.warn({ err: error }, 'could not reply in the alert card thread'));
    return incident;
  }

  async card(alert: Alert) {
    const facts = await alertCardFacts(this.ctx, alert);
    return renderAlertCard({
      alert,
      facts,
      timeZone: this.ctx.config.timezone,
      now: this.ctx.clock.now(),
      declareAs: severityFor(this.ctx.config, alert),
      silenceMinutes: this.ctx.config.alerts.silenceMinutes,
    });
  }

  async refreshOpen(service: string, environment: string): Promise<void> {
    for (const alert of await openCardsOf(this.ctx, service, environment)) await this.refresh(alert.id);
  }

  refresh(alertId: string): Promise<void> {
    const previous = this.refreshing.get(alertId) ?? Promise.resolve();
    const next = previous
      .then(() => this.update(alertId))
      .catch((error: unknown) => this.ctx.log.warn({ err: error, alertId }, 'could not update the alert card'))
      .finally(() => {
        if (this.refreshing.get(alertId) === next) this.refreshing.delete(alertId);
      });
    this.refreshing.set(alertId, next);
    return next;
  }

  private async update(alertId: string): Promise<void> {
    const alert = await getAlert(this.ctx, alertId);
    if (!alert.card) return;
    const body = await this.card(alert);
    await this.client.chat.update({
      channel: alert.card.channel,
      ts: alert.card.ts,
      text: body.text,
      blocks: body.blocks,
    });
  }
}
