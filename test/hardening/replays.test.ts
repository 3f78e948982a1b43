/**
 * Issue 11, finding 2: a signed request is acted on once. The same signed body sent again inside Slack's
 * 5-minute window (a replay: same timestamp, same signature) gets an empty 200 and does nothing, on this
 * instance or another one on the same store. A timestamp more than 5 minutes off, in either direction, is
 * refused. Slack's own retries are re-signed and keep their behaviour (retries.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slackSignature } from '../../sandbox/slack/signing.js';
import { startHarness, type Harness } from '../support/harness.js';
import { planCards, testConfig } from '../support/deploy-helpers.js';
import { commandBody, ResponseCollector } from './support.js';

const FORM = 'application/x-www-form-urlencoded';
const settle = (ms = 400): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const nowSec = (): number => Math.floor(Date.now() / 1000);
const warnings = (h: Harness, from: number, pattern: RegExp) =>
  h.logs.slice(from).filter((l) => l.includes('"level":"warn"') && pattern.test(l));

let h: Harness;
let collector: ResponseCollector;

beforeAll(async () => {
  h = await startHarness({ configPath: testConfig() });
  collector = await new ResponseCollector().start();
});
afterAll(async () => {
  await collector?.close();
  await h?.stop();
});

describe('a replayed signed request', () => {
  it('the same signed /deploy api prod, sent three times, makes one plan; the copies get an empty 200 and a warning', async () => {
    const before = planCards(h).length;
    const logsBefore = h.logs.length;
    const { body } = commandBody(h, collector, '/deploy', 'api prod');
    const timestamp = nowSec();
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await h.slack.sendRaw(body, FORM, { timestamp }));
    await h.slack.waitFor(() => planCards(h).length > before, 10_000);
    await settle();
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.slice(1).map((a) => a.body)).toEqual(['', '']);
    expect(planCards(h).length).toBe(before + 1);
    expect(warnings(h, logsBefore, /replayed/)).toHaveLength(2);
  });

  it('is refused on another instance on the same store too', async () => {
    const other = await h.startAnotherBot();
    const before = planCards(h).length;
    const { body } = commandBody(h, collector, '/deploy', 'api prod');
    const timestamp = nowSec();
    expect((await h.slack.sendRaw(body, FORM, { timestamp })).status).toBe(200);
    await h.slack.waitFor(() => planCards(h).length > before, 10_000);
    const replay = await h.slack.sendRaw(body, FORM, { timestamp, url: other.url });
    await settle();
    expect(replay.status).toBe(200);
    expect(replay.body).toBe('');
    expect(planCards(h).length).toBe(before + 1);
  });

  it('variants of the timestamp header that Bolt reads as the same number are the same request', async () => {
    const { body } = commandBody(h, collector, '/ops', 'help');
    const timestamp = nowSec();
    const signed = await h.slack.sendRaw(body, FORM, { timestamp });
    expect(signed.status).toBe(200);
    expect(signed.body).toContain('/ops'); // the help, in the ack
    const signature = slackSignature(h.settings.slack.signingSecret ?? '', timestamp, body);
    for (const variant of [`0${timestamp}`, `${timestamp}.0`, `+${timestamp}`, `${timestamp}e0`]) {
      const response = await fetch(`${h.botUrl}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': FORM, 'x-slack-request-timestamp': variant, 'x-slack-signature': signature },
        body,
      });
      expect([response.status, await response.text()]).toEqual([200, '']);
    }
  });

  it('keeps its key in the store for the window only: the ticker releases expired keys', async () => {
    const { body } = commandBody(h, collector, '/ops', 'help');
    const timestamp = nowSec();
    expect((await h.slack.sendRaw(body, FORM, { timestamp })).body).toContain('/ops');
    await h.bot.ticker.runOnce(new Date());
    const second = await h.startAnotherBot(); // knows the request only from the store
    expect((await h.slack.sendRaw(body, FORM, { timestamp, url: second.url })).body).toBe('');
    await h.bot.ticker.runOnce(new Date(Date.now() + 7 * 60_000)); // as if the window had passed: the key goes
    const third = await h.startAnotherBot();
    expect((await h.slack.sendRaw(body, FORM, { timestamp, url: third.url })).body).toContain('/ops');
  });
});

describe('the request timestamp', () => {
  it.each([
    ['400 s in the future', 400],
    ['400 s in the past', -400],
    ['a day in the future', 86_400],
  ])('refuses one %s with 401, and runs nothing', async (_label, offset) => {
    const before = planCards(h).length;
    const logsBefore = h.logs.length;
    const { body } = commandBody(h, collector, '/deploy', 'api prod');
    const answer = await h.slack.sendRaw(body, FORM, { timestamp: nowSec() + offset });
    await settle();
    expect(answer.status).toBe(401);
    expect(planCards(h).length).toBe(before);
    expect(warnings(h, logsBefore, /timestamp/)).toHaveLength(1);
  });

  it.each([
    ['240 s in the future', 240],
    ['240 s in the past', -240],
  ])('accepts one %s (clocks drift)', async (_label, offset) => {
    const { body } = commandBody(h, collector, '/ops', 'help');
    const answer = await h.slack.sendRaw(body, FORM, { timestamp: nowSec() + offset });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('/ops');
  });
});
