import { dayLabel, daysLabel, formatMoney, type RecommendedAction } from '../src/domain/cost.js';

/** A recommended action in words; `code` marks the commands to run. */
export function actionText(action: RecommendedAction, currency: string): string {
  const money = (amount: number) => formatMoney(amount, currency);
  switch (action.kind) {
    case 'over-budget':
      return `The forecast is ${money(action.over)} over the ${money(action.budget)} budget: act on the savings below before ${dayLabel(action.monthEnd)}.`;
    case 'check-deploy': {
      const { anomaly, deploy } = action;
      return `Check deploy \`${deploy.sha.slice(0, 7)}\` of ${deploy.service} to ${deploy.environment}: it lines up with ${anomaly.service} at ${money(anomaly.excess)} over its baseline (${daysLabel(anomaly.from, anomaly.to)}). \`/rollback ${deploy.service} ${deploy.environment}\` if that cost is not intended.`;
    }
    case 'find-change': {
      const { anomaly } = action;
      return `Find what changed in ${anomaly.service} on ${daysLabel(anomaly.from, anomaly.to)} (${money(anomaly.excess)} over its baseline): \`/cost ${anomaly.from}..${anomaly.to} --by sku\`.`;
    }
    case 'saving': {
      const { opportunity: o } = action;
      return `${o.title}: about ${money(o.monthlySavings)} a month, ${o.risk} risk.`;
    }
    case 'nothing-urgent':
      return 'Nothing urgent: the forecast is within budget, with no anomalies and no sizable savings found.';
  }
}
