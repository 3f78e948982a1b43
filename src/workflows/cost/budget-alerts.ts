import type { BudgetAlert } from '../../domain/cost.js';
import { BUDGET_ALERTS } from './collections.js';
import type { WorkflowContext } from '../context.js';

/** A GCP Budget notification, as the Pub/Sub message's data carries it (already validated). */
export interface BudgetNotification {
  budgetId: string;
  budgetDisplayName: string;
  costAmount: number;
  budgetAmount: number;
  currencyCode: string;
  costIntervalStart: string;
  alertThresholdExceeded?: number;
  forecastThresholdExceeded?: number;
  billingAccountId?: string;
}

/** Shows one crossed threshold to people (the alert card); throws when it could not, so the claim is released. */
export type RaiseBudgetAlert = (alert: BudgetAlert) => Promise<void>;

export interface AlertRecord {
  /** budget:month:kind; every threshold of one budget, month and kind shares it. */
  scope: string;
  threshold: number;
  state: 'posting' | 'posted';
  at: string;
}

export interface BudgetOutcome {
  posted: BudgetAlert[];
  /** Why each threshold in the notification was not posted. */
  skipped: string[];
}

/**
 * Raises one alert per threshold crossed per budget and month, never twice: GCP sends a notification
 * several times a day, with the highest threshold crossed so far. Each threshold is claimed in the store
 * before it is posted; a post that fails releases the claim and throws, so the redelivery tries again.
 * A threshold lower than one already posted (a late, out-of-order message) is not posted.
 */
export async function handleBudgetNotification(
  ctx: WorkflowContext,
  n: BudgetNotification,
  raise: RaiseBudgetAlert,
): Promise<BudgetOutcome> {
  const month = new Date(Date.parse(n.costIntervalStart) + 12 * 3_600_000).toISOString().slice(0, 7);
  const outcome: BudgetOutcome = { posted: [], skipped: [] };
  const kinds = [
    ['actual', n.alertThresholdExceeded],
    ['forecast', n.forecastThresholdExceeded],
  ] as const;
  if (kinds.every(([, t]) => t === undefined)) outcome.skipped.push('no threshold exceeded yet');
  for (const [kind, threshold] of kinds) {
    if (threshold === undefined) continue;
    const alert: BudgetAlert = {
      budgetId: n.budgetId,
      budgetName: n.budgetDisplayName,
      kind,
      threshold,
      costAmount: n.costAmount,
      budgetAmount: n.budgetAmount,
      currency: n.currencyCode,
      month,
      ...(n.billingAccountId ? { billingAccountId: n.billingAccountId } : {}),
    };
    const scope = `${n.budgetId}:${month}:${kind}`.replaceAll('/', '_');
    const seen = await ctx.store.list(BUDGET_ALERTS, { where: { scope } });
    const highest = Math.max(...seen.map((r) => r.data.threshold));
    if (highest >= threshold) {
      outcome.skipped.push(
        `${kind} ${threshold}: ${highest === threshold ? 'already posted' : `${highest} already posted`}`,
      );
      continue;
    }
    const id = `${scope}:${threshold}`;
    const claim = await ctx.store.create(BUDGET_ALERTS, id, {
      scope,
      threshold,
      state: 'posting',
      at: ctx.clock.now().toISOString(),
    });
    if (!claim) {
      outcome.skipped.push(`${kind} ${threshold}: already posted`);
      continue;
    }
    try {
      await raise(alert);
    } catch (error) {
      await ctx.store.delete(BUDGET_ALERTS, id, claim.version).catch(() => undefined);
      throw error;
    }
    await ctx.store.compareAndSet(BUDGET_ALERTS, id, claim.version, { ...claim.data, state: 'posted' });
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'cost.budget-alert',
      target: `budget:${n.budgetId}`,
      details: { month, kind, threshold, costAmount: n.costAmount, budgetAmount: n.budgetAmount },
    });
    outcome.posted.push(alert);
  }
  return outcome;
}
