import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { demoCsv, fixedClock } from '../cost/support.js';
import { JO } from '../support/deploy-helpers.js';
import { buttonsOf, cardText } from '../alerts/helpers.js';

const SECRET = 'budget-hook-secret-0123456789';
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { COST_CSV_PATH: await demoCsv(), COST_JOB_SECRET: SECRET }, clock: fixedClock() });
});
afterAll(async () => {
  await h?.stop();
});

/** A GCP Budget notification as Pub/Sub push delivers it. */
function push(
  data: Record<string, unknown>,
  attributes: Record<string, string> = {
    budgetId: 'b-7f3a',
    billingAccountId: '010101-ABCDEF-123456',
    schemaVersion: '1.0',
  },
) {
  return {
    message: {
      data: Buffer.from(JSON.stringify(data)).toString('base64'),
      attributes,
      messageId: `m-${Math.random().toString(36).slice(2)}`,
      publishTime: '2026-11-20T10:00:00Z',
    },
    subscription: 'projects/demo-project/subscriptions/budget-alerts',
  };
}

const notification = (extra: Record<string, unknown>) => ({
  budgetDisplayName: 'Monthly GCP',
  costAmount: 2050.5,
  budgetAmount: 4000,
  budgetAmountType: 'SPECIFIED_AMOUNT',
  currencyCode: 'USD',
  costIntervalStart: '2026-11-01T07:00:00Z',
  ...extra,
});

async function send(body: unknown, auth = `?token=${SECRET}`): Promise<Response> {
  return fetch(`${h.botUrl}/hooks/budget${auth}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

const labels = (m: Parameters<typeof buttonsOf>[0]) => buttonsOf(m).map((b) => b.text?.text);

/** The alert cards in the costs channel (one per threshold; a later notification updates its card in place). */
const alerts = () => h.slack.messagesIn('costs').filter((m) => m.text.startsWith('Budget alert: '));

describe('POST /hooks/budget', () => {
  it('posts one alert card per threshold crossed per month, and never repeats', async () => {
    expect((await send(push(notification({})))).status).toBe(200); // no threshold crossed yet
    expect(alerts()).toEqual([]);

    const half = await send(push(notification({ alertThresholdExceeded: 0.5 })));
    expect(await half.json()).toMatchObject({ ok: true, posted: 1 });
    expect(alerts()).toHaveLength(1);
    const card = textOf(alerts()[0]);
    expect(card).toContain('Warning · Budget “Monthly GCP” crossed 50% for November 2026');
    expect(card).toContain('*Crossed* at');
    expect(card).toContain('$2,050.50 against $2,000.00');
    expect(card).toContain('Cost so far $2,050.50 of $4,000.00 (51.3%).');
    expect(card).toContain('budget `b-7f3a` of billing account `010101-ABCDEF-123456`');
    expect(card).toContain(
      '<https://console.cloud.google.com/billing/010101-ABCDEF-123456/budgets|Open in Budget alert>',
    );
    expect(card).toContain('`/cost month` shows where the money goes');
    expect(labels(alerts()[0])).toEqual(['Declare incident (P3)', 'Acknowledge']);

    // GCP sends the same notification several times a day.
    for (let i = 0; i < 3; i += 1)
      expect(
        await (await send(push(notification({ alertThresholdExceeded: 0.5, costAmount: 2100 + i })))).json(),
      ).toMatchObject({ posted: 0, skipped: ['actual 0.5: already posted'] });
    expect(alerts()).toHaveLength(1);

    await send(push(notification({ alertThresholdExceeded: 0.9, costAmount: 3620 })));
    expect(alerts()).toHaveLength(2);
    expect(textOf(alerts()[1])).toContain('Warning · Budget “Monthly GCP” crossed 90% for November 2026');

    // A late 50 % after the 90 % is old news.
    expect(await (await send(push(notification({ alertThresholdExceeded: 0.5 })))).json()).toMatchObject({
      posted: 0,
      skipped: ['actual 0.5: 0.9 already posted'],
    });

    await send(push(notification({ alertThresholdExceeded: 0.9, forecastThresholdExceeded: 1.0, costAmount: 3700 })));
    expect(alerts()).toHaveLength(3);
    expect(textOf(alerts()[2])).toContain('Error · Budget “Monthly GCP” forecast to cross 100% for November 2026');
    expect(labels(alerts()[2])).toEqual(['Declare incident (P2)', 'Acknowledge']);

    // December starts over.
    await send(push(notification({ alertThresholdExceeded: 0.5, costIntervalStart: '2026-12-01T08:00:00Z' })));
    expect(alerts()).toHaveLength(4);
    expect(textOf(alerts()[3])).toContain('crossed 50% for December 2026');

    // Another budget has its own thresholds.
    await send(
      push(notification({ alertThresholdExceeded: 0.5, budgetDisplayName: 'BigQuery' }), { budgetId: 'b-other' }),
    );
    expect(alerts()).toHaveLength(5);
    const audit = await h.bot.store.queryAudit({ target: 'budget:b-7f3a' });
    expect(audit).toHaveLength(4);
  });

  it('the card is the one alert card: Acknowledge says who, and is audited', async () => {
    await send(push(notification({ alertThresholdExceeded: 0.75, costAmount: 3050 }), { budgetId: 'b-ack' }));
    const card = alerts().find((m) => m.text.includes('crossed 75%'));
    expect(card).toBeDefined();
    await h.slack.clickAction({
      channel: card!.channel,
      messageTs: card!.ts,
      actionId: 'alert.acknowledge',
      value: 'budget-b-ack.2026-11.actual.75',
      user: JO,
    });
    await h.slack.waitFor(() => cardText(h, card!).includes(`:eyes: Acknowledged by <@${JO}>`));
    expect(labels(h.slack.workspace.findMessage(card!.channel, card!.ts))).toEqual(['Declare incident (P3)']);
    const acts = await h.bot.store.queryAudit({ target: 'alert:budget-b-ack.2026-11.actual.75' });
    expect(acts.map((a) => [a.action, a.actor])).toEqual(
      expect.arrayContaining([
        ['alert.open', 'system'],
        ['alert.acknowledge', JO],
      ]),
    );
  });

  it('/ops demo budget (the sandbox) sends a notification through POST /hooks/budget to a card', async () => {
    const before = alerts().length;
    const result = await h.slack.slashCommand({ text: '/ops demo budget', channel: 'costs', user: JO });
    expect(result.ok).toBe(true);
    await h.slack.waitFor(() => alerts().length > before);
    const card = textOf(alerts().at(-1));
    expect(card).toContain('Warning · Budget “Monthly GCP (demo)” crossed 90% for');
    const said = await h.slack.waitFor(() =>
      h.slack.messagesIn('costs').find((m) => m.ephemeral && m.text.includes('Sent a demo budget notification')),
    );
    expect(textOf(said)).toContain('to POST /hooks/budget (answered 200)');
  });

  it.each([
    ['a body that is not JSON', 'this is not json', 400, 'the body is not JSON'],
    ['JSON that is not a Pub/Sub push', { hello: 'world' }, 400, 'message: '],
    [
      'data that is not base64 JSON',
      { message: { data: '%%%not-base64%%%', attributes: { budgetId: 'b-7f3a' } } },
      200,
      'message.data is not base64-encoded JSON',
    ],
    [
      'a notification without its amounts',
      push({ budgetDisplayName: 'Monthly GCP', costIntervalStart: '2026-11-01T07:00:00Z', currencyCode: 'USD' }),
      200,
      'data.costAmount',
    ],
    [
      'a notification without its budget ID',
      push(notification({ alertThresholdExceeded: 1 }), {}),
      200,
      'message.attributes.budgetId: missing',
    ],
  ])('logs %s clearly and posts nothing', async (_label, body, status, problem) => {
    const before = { alerts: alerts().length, logs: h.logs.length };
    const response = await send(body);
    expect(response.status).toBe(status);
    expect(JSON.stringify(await response.json())).toContain(problem);
    const logged = h.logs
      .slice(before.logs)
      .map((l) => JSON.parse(l) as { message: string; severity: string; problems?: string[] });
    const line = logged.find((l) => l.message === 'budget notification ignored: bad payload');
    expect(line?.severity).toBe('WARNING');
    expect(line?.problems?.join(' ')).toContain(problem);
    expect(alerts()).toHaveLength(before.alerts);
  });

  it('refuses a request without the secret or a Google token', async () => {
    expect((await send(push(notification({ alertThresholdExceeded: 1 })), '')).status).toBe(401);
    expect((await send(push(notification({ alertThresholdExceeded: 1 })), '?token=wrong')).status).toBe(401);
    expect(alerts().some((m) => m.text.includes('crossed 100%'))).toBe(false);
  });

  it('answers 503 when Slack fails, so Pub/Sub redelivers, and then posts once', async () => {
    h.slack.faults.inject('chat.postMessage', { kind: 'status', status: 500 }, 3);
    const body = push(notification({ alertThresholdExceeded: 1, costAmount: 4010 }));
    expect((await send(body)).status).toBe(503);
    expect(alerts().filter((m) => m.text.includes('crossed 100%'))).toHaveLength(0);
    expect((await send(body)).status).toBe(200);
    expect((await send(body)).status).toBe(200);
    expect(alerts().filter((m) => m.text.includes('crossed 100%'))).toHaveLength(1);
  });
});
