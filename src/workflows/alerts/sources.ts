import type { AlertSignal } from '../../domain/alert.js';
import { formatMoney, formatPercent, monthLabel, type BudgetAlert } from '../../domain/cost.js';
import { DEPLOYMENTS } from '../../domain/deployment.js';
import type { DomainEvents } from '../events.js';
import type { WorkflowContext } from '../context.js';
import { openIncidentsOn } from '../incident/deploys.js';

/**
 * Other sources on the one alert surface: what a failed deploy says as an alert (the card's input, like a Cloud
 * Monitoring notification's). Prod only (a staging failure is the deployer's own business, told on the plan), and
 * not while an incident is open on the service: the incident's timeline records the deploy already.
 */
export async function deployAlertSignal(
  ctx: WorkflowContext,
  event: DomainEvents['deploy.finished'],
): Promise<AlertSignal | undefined> {
  if (event.outcome === 'succeeded' || event.environment !== 'prod') return undefined;
  if ((await openIncidentsOn(ctx, event.service)).length > 0) return undefined;
  const deploy = (await ctx.store.get(DEPLOYMENTS, event.deploymentId))?.data;
  if (!deploy) return undefined;
  const rolledBack = event.outcome === 'rolled_back';
  return {
    source: 'deploy',
    key: deploy.id,
    state: 'open',
    policy: `Deploy of ${deploy.service} to ${deploy.environment} ${rolledBack ? 'rolled back automatically' : 'failed'}`,
    condition: deploy.steps.find((s) => s.state === 'failed')?.name ?? 'rollout',
    ...(deploy.error ? { summary: deploy.error.slice(0, 1500) } : {}),
    severity: rolledBack ? 'Warning' : 'Error',
    startedAt: deploy.finishedAt ?? ctx.clock.now().toISOString(),
    labels: { deploy: deploy.id, sha: deploy.sha.slice(0, 7) },
    service: deploy.service,
    environment: deploy.environment,
  };
}

/**
 * A budget threshold as an alert, posted through the same card in the costs channel. One alert per budget, month,
 * kind and threshold; its policy names the threshold, since a budget never crosses the same one twice in a month.
 */
export function budgetAlertSignal(alert: BudgetAlert, at: Date, channel: string): AlertSignal {
  const money = (n: number) => formatMoney(n, alert.currency);
  const percent = formatPercent(alert.threshold).replace('.0%', '%');
  const month = monthLabel(`${alert.month}-01`);
  const share = formatPercent(alert.budgetAmount > 0 ? alert.costAmount / alert.budgetAmount : 0);
  const account = alert.billingAccountId;
  return {
    source: 'budget',
    key: `${alert.budgetId}.${alert.month}.${alert.kind}.${Math.round(alert.threshold * 100)}`,
    state: 'open',
    policy: `Budget “${alert.budgetName}” ${alert.kind === 'forecast' ? 'forecast to cross' : 'crossed'} ${percent} for ${month}`,
    condition: `${alert.kind === 'forecast' ? 'Forecast' : 'Actual'} cost of ${month} above ${percent} of ${money(alert.budgetAmount)}`,
    summary: `Cost so far ${money(alert.costAmount)} of ${money(alert.budgetAmount)} (${share}).`,
    observed: money(alert.costAmount),
    threshold: money(alert.budgetAmount * alert.threshold),
    severity: alert.threshold >= 1 ? 'Error' : 'Warning',
    startedAt: at.toISOString(),
    url: `https://console.cloud.google.com/billing/${account ? `${encodeURIComponent(account)}/` : ''}budgets`,
    resource: {
      type: 'billing_budget',
      labels: { budget_id: alert.budgetId, ...(account ? { billing_account_id: account } : {}) },
    },
    documentation: '`/cost month` shows where the money goes and what to cut.',
    labels: { budget: alert.budgetId },
    channel,
  };
}
