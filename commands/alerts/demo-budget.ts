import { randomBytes } from 'node:crypto';
import { renderProblem } from '../../blocks/help.js';
import { message, section } from '../../blocks/kit.js';
import { formatMoney } from '../../src/domain/cost.js';
import type { WorkflowContext } from '../../src/workflows/context.js';

/**
 * `/ops demo budget`: a GCP budget notification (90 % of the month's budget crossed) as Pub/Sub push delivers it,
 * sent to the bot's own POST /hooks/budget with the job secret: the whole path a real budget alert takes, to its
 * alert card in the costs channel. A budget of its own each time, so each demo posts a card.
 */
export async function fireDemoBudget(ctx: WorkflowContext) {
  const budget = ctx.alertLoopback?.budget;
  if (!budget)
    return renderProblem(
      '`/ops demo budget` runs in the sandbox only (`npm start`); real budget alerts come from GCP through Pub/Sub.',
    );
  const now = ctx.clock.now();
  const amount = ctx.config.budget.monthly;
  const data = {
    budgetDisplayName: 'Monthly GCP (demo)',
    alertThresholdExceeded: 0.9,
    costAmount: Math.round(amount * 0.92 * 100) / 100,
    costIntervalStart: `${now.toISOString().slice(0, 7)}-01T00:00:00Z`,
    budgetAmount: amount,
    budgetAmountType: 'SPECIFIED_AMOUNT',
    currencyCode: ctx.config.budget.currency,
  };
  const budgetId = `demo-${randomBytes(4).toString('hex')}`;
  const answer = await budget({
    message: {
      data: Buffer.from(JSON.stringify(data)).toString('base64'),
      attributes: { budgetId, billingAccountId: '010101-ABCDEF-123456', schemaVersion: '1.0' },
      messageId: randomBytes(8).toString('hex'),
      publishTime: now.toISOString(),
    },
    subscription: 'projects/demo-project/subscriptions/budget-alerts',
  });
  if (answer.status !== 200)
    return renderProblem(`POST /hooks/budget answered ${answer.status}: ${answer.body.slice(0, 300)}`);
  const text = `:money_with_wings: Sent a demo budget notification (90% of ${formatMoney(amount, data.currencyCode)} crossed) to POST /hooks/budget (answered 200). Its alert card is in ${ctx.config.channels.costs}.`;
  return message(text, [section(text)]);
}
