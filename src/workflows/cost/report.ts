import { dayInZone, type CostDimension, type CostReport } from '../../domain/cost.js';
import type { WorkflowContext } from '../context.js';
import { recommendActions } from './actions.js';
import { analyseCosts, rangeNeeded } from './analyse.js';
import { lineUpDeploys } from './deploys.js';
import { resolvePeriod, type PeriodSpec } from './periods.js';

export interface CostRequest {
  period: PeriodSpec;
  by: CostDimension;
  /** The day the report is "as of" (the digest's scheduled day); today in the config's time zone by default. */
  asOf?: string;
}

/**
 * The Cost Analysis Report: one aggregated read of the cost source covering every window the report needs,
 * then the analysis, the deploys that line up with anomalies, and the recommended actions.
 * Throws a Refusal for a period that cannot be answered, PortError when the source fails.
 */
export async function buildCostReport(ctx: WorkflowContext, request: CostRequest): Promise<CostReport> {
  const now = ctx.clock.now();
  const timeZone = ctx.config.timezone;
  const today = request.asOf ?? dayInZone(now, timeZone);
  const resolved = resolvePeriod(request.period, today);
  const data = await ctx.costSource.dailyCosts(rangeNeeded(resolved, today, ctx.config.cost), timeZone);
  const report = analyseCosts({
    data,
    resolved,
    today,
    by: request.by,
    settings: ctx.config.cost,
    budget: ctx.config.budget,
    timeZone,
    source: ctx.costSource.description,
    now,
  });
  await lineUpDeploys(ctx, report.anomalies, data.rows);
  report.actions = recommendActions(report);
  return report;
}
