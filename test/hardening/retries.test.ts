/**
 * Slack retries: the same request again with X-Slack-Retry-Num 1–3 (as Slack resends an Events API
 * delivery it thinks failed) has no second effect: no second report, Cloud Run read, Slack API call,
 * audit entry or message. Each retry is still acked, so Slack stops retrying.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../commands/catalog.js';
import { startHarness, type Harness } from '../support/harness.js';
import { commandBody, eventRequest, expectNoSecrets, ResponseCollector } from './support.js';

let h: Harness;
let collector: ResponseCollector;

beforeAll(async () => {
  h = await startHarness();
  collector = await new ResponseCollector().start();
});
afterAll(async () => {
  if (h) expectNoSecrets(h);
  await collector?.close();
  await h?.stop();
});

const settle = (ms = 250): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Effects {
  cloudRun: number;
  github: number;
  slackApi: number;
  responseUrl: number;
  messages: number;
  audit: number;
}

async function effects(): Promise<Effects> {
  return {
    cloudRun: h.cloudRun.requests.length,
    github: h.github.requests.length,
    slackApi: h.slack.calls.length,
    responseUrl: collector.total,
    messages: h.slack.workspace.messages.length,
    audit: (await h.bot.store.queryAudit({ since: new Date(0), limit: 10_000 })).length,
  };
}

/** Sends the body once, waits for its effects, then sends it again as retries 1, 2 and 3. */
async function originalThenRetries(
  body: string,
  contentType: string,
  done: () => Promise<unknown> = settle,
): Promise<{ first: Effects; afterRetries: Effects; statuses: number[] }> {
  const statuses: number[] = [];
  statuses.push((await h.slack.sendRaw(body, contentType)).status);
  await done();
  const first = await effects();
  for (const retryNum of [1, 2, 3]) statuses.push((await h.slack.sendRaw(body, contentType, { retryNum })).status);
  await settle();
  return { first, afterRetries: await effects(), statuses };
}

describe('Slack retries have no second effect', () => {
  it('/ops status: one report, one read of Cloud Run', async () => {
    await settle();
    const before = await effects();
    const { id, body } = commandBody(h, collector, '/ops', 'status api');
    const { first, afterRetries, statuses } = await originalThenRetries(
      body,
      'application/x-www-form-urlencoded',
      async () => {
        await collector.waitFor(id, 10_000);
        await settle();
      },
    );
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(first.responseUrl).toBe(before.responseUrl + 1); // the original did its work…
    expect(first.cloudRun).toBeGreaterThan(before.cloudRun);
    expect(afterRetries).toEqual(first); // …and the retries did nothing more
    expect(collector.posts.get(id)).toHaveLength(1);
  });

  it.each(COMMANDS.map((c) => c.command))('%s help: each retry is acked, and nothing else is done', async (command) => {
    const { body } = commandBody(h, collector, command, 'help');
    await settle();
    const { first, afterRetries, statuses } = await originalThenRetries(body, 'application/x-www-form-urlencoded');
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(afterRetries).toEqual(first);
  });

  it.each([
    [
      'reaction_added',
      {
        type: 'reaction_added',
        user: 'U0ALEX0001',
        reaction: 'eyes',
        item: { type: 'message', channel: 'C0000OPS01', ts: '1700000000.000100' },
      },
    ],
    ['app_home_opened', { type: 'app_home_opened', user: 'U0ALEX0001', channel: 'D0HOME0001', tab: 'home' }],
  ])('the %s event, delivered again with the same event_id', async (_name, event) => {
    const body = eventRequest(event);
    await settle();
    const { first, afterRetries, statuses } = await originalThenRetries(body, 'application/json');
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect(afterRetries).toEqual(first);
  });
});
