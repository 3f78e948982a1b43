/**
 * Backend faults in Slack's Web API on real user paths (the bot's WebClient: `retries: 2`, Retry-After honoured,
 * 10 s per request): posting the deployment plan, creating the incident channel, posting the incident card.
 * The user learns through the response_url (not the Web API) what failed and what to do; nothing is left
 * half-done silently: a deploy whose plan nobody can see is withdrawn (an approved one must not roll out
 * unseen), an incident without a channel is withdrawn, an incident without its card is finished by the setup job.
 *
 * Left out: Slack not answering on every attempt (3 × 10 s + backoff ≈ 31 s, more than this suite's budget);
 * one hang past the 10 s timeout, then an answer, is covered.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import { INCIDENTS, type Incident } from '../../src/domain/incident.js';
import { LOCKS } from '../../src/domain/lock.js';
import { textOf } from '../support/harness.js';
import { cardSays, planCards, testConfig } from '../support/deploy-helpers.js';
import { auditActions, command, count, expectClear, session, SLACK_REQUESTS, type Session } from './fault-support.js';

const sessions: Session[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});
/** A harness whose ticker only runs when a test says so, so the resume and setup jobs act at known moments. */
async function open(): Promise<Session> {
  const s = await session({ configPath: testConfig() });
  sessions.push(s);
  await s.h.bot.ticker.stop();
  return s;
}

const deploys = async (s: Session): Promise<Deployment[]> =>
  (await s.h.bot.store.list<Deployment>(DEPLOYMENTS)).map((r) => r.data);
const incidents = async (s: Session): Promise<Incident[]> =>
  (await s.h.bot.store.list<Incident>(INCIDENTS)).map((r) => r.data);
const incidentChannels = (s: Session) => s.h.slack.workspace.channels.filter((c) => c.name.startsWith('inc-'));

describe.concurrent('Slack Web API faults', () => {
  it('posting the deployment plan fails (500, then 429 with Retry-After, every time): the deploy is withdrawn and the requester told; nothing rolls out', async () => {
    const s = await open();
    const cases = [
      { text: 'worker staging', fault: { kind: 'status', status: 500 } as const, why: 'Slack answered HTTP 500' },
      {
        text: 'api prod',
        fault: { kind: 'rate-limit', retryAfterSeconds: 1 } as const,
        why: 'Slack kept rate limiting the bot',
      },
    ];
    for (const c of cases) {
      const calls = s.slackCalls('chat.postMessage');
      s.h.slack.faults.inject('chat.postMessage', c.fault, 100);
      const answer = await command(s, '/deploy', c.text);
      s.h.slack.faults.clear();
      expectClear(answer);
      const [service, env] = c.text.split(' ');
      const channel = env === 'prod' ? '#deploys' : '#deploys-staging';
      expect(answer.text).toContain(
        `The deployment plan could not be posted in ${channel} (${c.why}), so the deploy was withdrawn: nothing was approved or rolled out. Try \`/deploy ${service} ${env} main\` again in a minute.`,
      );
      expect(s.slackCalls('chat.postMessage') - calls, 'bounded by the client').toBe(SLACK_REQUESTS);
      if (c.fault.kind === 'rate-limit') expect(answer.ms, 'each Retry-After waited').toBeGreaterThanOrEqual(2000);
    }
    // Consistent: no deploy record left (a staging one would have rolled out unseen), each request and withdrawal audited once.
    await s.h.bot.ticker.runOnce(new Date(Date.now() + 10 * 60_000)); // resume and expiry jobs find nothing
    expect(await deploys(s)).toEqual([]);
    expect((await auditActions(s.h)).sort()).toEqual([
      'deploy.request',
      'deploy.request',
      'deploy.withdraw',
      'deploy.withdraw',
    ]);
    expect(count(s.h.cloudRun.requests, /^PATCH /)).toBe(0);
    expect(planCards(s.h, 'deploys-staging')).toEqual([]);

    const again = await command(s, '/deploy', 'worker staging');
    expect(again.text).toMatch(/Deployment plan d-[0-9a-f-]+ posted in/);
    await cardSays(s.h, planCards(s.h, 'deploys-staging')[0]!, /\*Deployed\*/, 20_000);
  }, 40_000);

  it('posting the plan hangs past the 10 s client timeout once: it is posted on the retry, once', async () => {
    const s = await open();
    s.h.slack.faults.inject('chat.postMessage', { kind: 'timeout', ms: 12_000 }, 1);
    const answer = await command(s, '/deploy', 'api prod', { timeoutMs: 20_000 });
    expectClear(answer);
    expect(answer.text).toMatch(/Deployment plan d-[0-9a-f-]+ posted in/);
    expect(answer.ms).toBeGreaterThanOrEqual(10_000);
    expect(s.slackCalls('chat.postMessage')).toBe(2);
    expect(planCards(s.h)).toHaveLength(1);
    expect((await deploys(s)).map((d) => d.status)).toEqual(['pending']);
  }, 30_000);

  it('creating the incident channel fails (500, then 429 with Retry-After, every time): no incident is left without a channel, and the same declaration works once Slack is back', async () => {
    const s = await open();
    for (const [fault, says] of [
      [{ kind: 'status', status: 500 }, 'Slack answered HTTP 500 to create #inc-'],
      [{ kind: 'rate-limit', retryAfterSeconds: 1 }, 'Slack is rate limiting the bot (create #inc-'],
    ] as const) {
      const calls = s.slackCalls('conversations.create');
      s.h.slack.faults.inject('conversations.create', fault, 100);
      const answer = await command(s, '/incident', 'declare P1 api "Checkout returns 500"', { replies: 1 });
      s.h.slack.faults.clear();
      expectClear(answer);
      expect(answer.ack).toContain('Declaring P1: Checkout returns 500');
      expect(answer.text).toMatch(
        new RegExp(
          `^:warning: Could not declare the incident: ${says.replace(/[()]/g, '\\$&')}[a-z0-9-]+\\)?; try again in a minute$`,
          'm',
        ),
      );
      expect(s.slackCalls('conversations.create') - calls, 'bounded by the client').toBe(SLACK_REQUESTS);
    }
    expect(await incidents(s)).toEqual([]);
    expect(incidentChannels(s)).toEqual([]);
    expect(s.h.slack.messagesIn('incidents')).toEqual([]);
    expect(await s.h.bot.store.list(LOCKS)).toEqual([]); // a P1 locks prod deploys only once it stands
    const audit = await auditActions(s.h);
    expect(audit.filter((a) => a === 'incident.declare')).toHaveLength(2);
    expect(audit.filter((a) => a === 'incident.declare_failed')).toHaveLength(2);

    const again = await command(s, '/incident', 'declare P1 api "Checkout returns 500"');
    expect(again.text).toContain('Declared *INC-3* (P1)');
    expect(incidentChannels(s).map((c) => c.name)).toEqual([expect.stringMatching(/^inc-\d{8}-checkout-returns-500$/)]);
    await s.h.slack.waitFor(() => incidentChannels(s)[0]!.pins.length === 1, 5000);
  }, 30_000);

  it('posting the incident card fails (500 every time): the incident stands and says so, and the setup job posts card and announcement once Slack is back', async () => {
    const s = await open();
    s.h.slack.faults.inject('chat.postMessage', { kind: 'status', status: 500 }, 100);
    const answer = await command(s, '/incident', 'declare P2 web "Search is slow"');
    s.h.slack.faults.clear();
    expectClear(answer);
    expect(answer.text).toContain('Declared *INC-1* (P2)');
    expect(answer.text).toContain(
      'The card could not be posted yet (Slack answered HTTP 500); the bot tries again within a few minutes.',
    );
    expect(s.slackCalls('chat.postMessage')).toBe(SLACK_REQUESTS); // the announcement waits for the card
    const [incident] = await incidents(s);
    expect(incident).toMatchObject({ id: 'INC-1', open: true, channelId: expect.any(String) });
    expect(incident!.card).toBeUndefined();

    // Once Slack is back and the declarer's setup lease has run out, the job finishes the missing steps only.
    await s.h.bot.ticker.runOnce(new Date(Date.now() + 3 * 60_000));
    await s.h.bot.ticker.runOnce(new Date(Date.now() + 6 * 60_000));
    const [done] = await incidents(s);
    expect(done).toMatchObject({ setupComplete: true, card: expect.anything(), announcement: expect.anything() });
    const channel = incidentChannels(s)[0]!;
    expect(channel.pins).toHaveLength(1);
    expect(
      s.h.slack.messagesIn(channel.id).filter((m) => textOf(m).includes('Search is slow') && !m.threadTs),
    ).toHaveLength(1);
    expect(s.h.slack.messagesIn('incidents').filter((m) => textOf(m).includes('INC-1 declared'))).toHaveLength(1);
    expect(incidentChannels(s)).toHaveLength(1);
  }, 20_000);
});
