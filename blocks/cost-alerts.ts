import { formatMoney, formatPercent, monthLabel, type BudgetAlert } from '../src/domain/cost.js';
import { context, escapeMrkdwn, message, section, type Message } from './kit.js';

/** One GCP budget threshold crossed (or forecast to be), posted once per threshold and month. */
export function renderBudgetAlert(alert: BudgetAlert): Message {
  const money = (n: number) => formatMoney(n, alert.currency);
  const month = monthLabel(`${alert.month}-01`);
  const percent = formatPercent(alert.threshold).replace('.0%', '%');
  const icon =
    alert.threshold >= 1 ? ':rotating_light:' : alert.threshold >= 0.9 ? ':warning:' : ':information_source:';
  const name = escapeMrkdwn(alert.budgetName);
  const headline =
    alert.kind === 'actual'
      ? `${icon} *Budget “${name}” crossed ${percent}* for ${month}`
      : `${icon} *Budget “${name}”: the forecast crosses ${percent}* for ${month}`;
  const facts = `Cost so far ${money(alert.costAmount)} of ${money(alert.budgetAmount)} (${formatPercent(alert.budgetAmount > 0 ? alert.costAmount / alert.budgetAmount : 0)}).`;
  const text = `Budget "${alert.budgetName}" ${alert.kind === 'actual' ? 'crossed' : 'is forecast to cross'} ${percent} for ${month}: ${money(alert.costAmount)} of ${money(alert.budgetAmount)}.`;
  return message(text, [
    section(`${headline}\n${facts}`),
    context('`/cost month` shows where it goes and what to cut. One message per threshold and month.'),
  ]);
}

/** A short plain message, e.g. why the weekly digest could not be posted. */
export function renderCostNotice(text: string): Message {
  return message(text, [section(`:warning: ${escapeMrkdwn(text)}`)]);
}
