import { dayLabel, daysLabel, formatMoney, monthEnd, type CostReport, type Risk } from '../../domain/cost.js';

const RISK_WEIGHT: Record<Risk, number> = { low: 1, medium: 0.7, high: 0.4 };
const MOST = 5;

/**
 * A short, prioritised list: the budget first, then cost jumps (a deploy that lines up with one is the
 * first suspect), then the savings worth most for their risk. Text may hold `code` for commands.
 */
export function recommendActions(report: CostReport): string[] {
  const money = (amount: number) => formatMoney(amount, report.currency);
  const actions: string[] = [];
  const over = report.forecast.amount - report.budget.monthly;
  if (over > 0) {
    actions.push(
      `The forecast is ${money(over)} over the ${money(report.budget.monthly)} budget: act on the savings below before ${dayLabel(monthEnd(report.monthToDate.to))}.`,
    );
  }
  for (const anomaly of report.anomalies.slice(0, 2)) {
    const deploy = anomaly.deploys[0];
    const when = daysLabel(anomaly.from, anomaly.to);
    actions.push(
      deploy
        ? `Check deploy \`${deploy.sha.slice(0, 7)}\` of ${deploy.service} to ${deploy.environment}: it lines up with ${anomaly.service} at ${money(anomaly.excess)} over its baseline (${when}). \`/rollback ${deploy.service} ${deploy.environment}\` if that cost is not intended.`
        : `Find what changed in ${anomaly.service} on ${when} (${money(anomaly.excess)} over its baseline): \`/cost ${anomaly.from}..${anomaly.to} --by sku\`.`,
    );
  }
  const ranked = [...report.opportunities].sort(
    (a, b) => b.monthlySavings * RISK_WEIGHT[b.risk] - a.monthlySavings * RISK_WEIGHT[a.risk],
  );
  for (const o of ranked.slice(0, 3))
    actions.push(`${o.title}: about ${money(o.monthlySavings)} a month, ${o.risk} risk.`);
  if (actions.length === 0)
    actions.push('Nothing urgent: the forecast is within budget, with no anomalies and no sizable savings found.');
  return actions.slice(0, MOST);
}
