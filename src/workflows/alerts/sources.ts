import type { AlertSignal } from '../../domain/alert.js';
import type { BudgetAlert } from '../../domain/cost.js';
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
 * A budget threshold as an alert, for the cost feature to post through the same card (not wired yet: the budget
 * hook still posts its own message; see the README's Alerts section). One alert per budget, month and threshold.
 */
export function budgetAlertSignal(alert: BudgetAlert, at: Date): AlertSignal {
  const percent = Math.round(alert.threshold * 100);
  const money = (n: number) => `${n.toFixed(2)} ${alert.currency}`;
  return {
    source: 'budget',
    key: `${alert.budgetId}.${alert.month}.${alert.kind}.${percent}`,
    state: 'open',
    policy: `Budget "${alert.budgetName}" ${alert.kind === 'forecast' ? 'forecast to cross' : 'crossed'} ${percent} %`,
    condition: `${alert.kind} cost against ${percent} % of the budget, ${alert.month}`,
    observed: money(alert.costAmount),
    threshold: money(alert.budgetAmount * alert.threshold),
    severity: alert.threshold >= 1 ? 'Error' : 'Warning',
    startedAt: at.toISOString(),
    labels: { budget: alert.budgetId },
  };
}
