import { monthEnd, type CostReport, type RecommendedAction, type Risk } from '../../domain/cost.js';

const RISK_WEIGHT: Record<Risk, number> = { low: 1, medium: 0.7, high: 0.4 };
const MOST = 5;

/**
 * A short, prioritised list: the budget first, then cost jumps (a deploy that lines up with one is the
 * first suspect), then the savings worth most for their risk.
 */
export function recommendActions(report: CostReport): RecommendedAction[] {
  const actions: RecommendedAction[] = [];
  const over = report.forecast.amount - report.budget.monthly;
  if (over > 0)
    actions.push({
      kind: 'over-budget',
      over,
      budget: report.budget.monthly,
      monthEnd: monthEnd(report.monthToDate.to),
    });
  for (const anomaly of report.anomalies.slice(0, 2)) {
    const deploy = anomaly.deploys[0];
    actions.push(deploy ? { kind: 'check-deploy', anomaly, deploy } : { kind: 'find-change', anomaly });
  }
  const ranked = [...report.opportunities].sort(
    (a, b) => b.monthlySavings * RISK_WEIGHT[b.risk] - a.monthlySavings * RISK_WEIGHT[a.risk],
  );
  for (const opportunity of ranked.slice(0, 3)) actions.push({ kind: 'saving', opportunity });
  if (actions.length === 0) actions.push({ kind: 'nothing-urgent' });
  return actions.slice(0, MOST);
}
