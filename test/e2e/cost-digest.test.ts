import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadConfigFile } from '../../src/config/load-config.js';
import { COST_DIGESTS } from '../../src/workflows/cost/collections.js';
import { createLogger } from '../../src/logging/logger.js';
import type { DigestRecord } from '../../src/workflows/cost/digest.js';
import type { Collection } from '../../src/ports/store.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { OidcIssuer } from '../cost/oidc.js';
import { demoCsv, fixedClock } from '../cost/support.js';

/** Monday 2026-11-23, 09:00 in Berlin: the default schedule's occurrence. The digest covers Nov 16–22. */
const MONDAY_0900 = new Date('2026-11-23T08:00:00Z');
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
const SUNDAY = new Date('2026-11-22T12:00:00Z');
const SECRET = 'digest-secret-0123456789abcdef';
const AUDIENCE = 'https://chatops.example.com/jobs/cost-digest';
const SCHEDULER = 'cost-digest@demo-project.iam.gserviceaccount.com';

const digests = (h: Harness) => h.slack.messagesIn('costs').filter((m) => m.text.startsWith('Weekly Cost Digest'));
const charts = (h: Harness) => h.slack.messagesIn('costs').filter((m) => m.files?.length);

async function harness(env: Record<string, string> = {}) {
  const clock = fixedClock(SUNDAY);
  const h = await startHarness({
    env: { COST_CSV_PATH: await demoCsv('2026-11-30'), ...env },
    clock,
    costDigest: true,
  });
  await h.bot.ticker.stop(); // no background ticks: each test runs the schedule with runOnce
  return { h, clock };
}

function trigger(h: Harness | string, headers: Record<string, string> = {}, query = ''): Promise<Response> {
  const url = typeof h === 'string' ? h : h.botUrl;
  return fetch(`${url}/jobs/cost-digest${query}`, { method: 'POST', headers });
}

describe('the weekly digest, in process', () => {
  let h: Harness;
  beforeAll(async () => {
    ({ h } = await harness());
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('posts nothing before the scheduled time', async () => {
    await h.bot.ticker.runOnce(at(MONDAY_0900, -60));
    expect(digests(h)).toEqual([]);
  });

  it('posts the report and the chart in the costs channel on Monday at 09:00 in the config time zone', async () => {
    await h.bot.ticker.runOnce(at(MONDAY_0900, 5));
    const [digest] = digests(h);
    expect(digest?.ephemeral).toBeFalsy();
    const text = textOf(digest);
    expect(text).toContain('Weekly Cost Digest: Last 7 days (Nov 16–22)');
    expect(text).toContain('*Change against Nov 9–15*');
    expect(text).toContain('*Recommended actions*');
    expect(charts(h)).toHaveLength(1);
    expect(charts(h)[0]?.files?.[0]?.title).toBe('Daily spend by service, Oct 26 – Nov 22 (USD)');
    // Each part carries its mark, for a retry to find; a first attempt has nothing to look for.
    expect(digest?.metadata).toEqual({
      event_type: 'chatops_cost_digest',
      event_payload: { occurrence: '2026-11-23T09-00', part: 'report' },
    });
    expect(charts(h)[0]?.files?.[0]?.name).toBe('cost-digest-2026-11-23T09-00.png');
    expect(h.slack.calls.filter((c) => c.method === 'conversations.history')).toEqual([]);
  });

  it('never posts the same week twice, however often the schedule runs', async () => {
    for (const seconds of [20, 60, 3600]) await h.bot.ticker.runOnce(at(MONDAY_0900, seconds));
    expect(digests(h)).toHaveLength(1);
    expect(charts(h)).toHaveLength(1);
    const audit = await h.bot.store.queryAudit({ target: 'cost-digest:2026-11-23T09-00' });
    expect(audit.map((a) => a.action)).toEqual(['cost.digest']);
  });
});

describe('POST /jobs/cost-digest', () => {
  let h: Harness;
  let clock: ReturnType<typeof fixedClock>;
  const issuer = new OidcIssuer();
  beforeAll(async () => {
    await issuer.start();
    ({ h, clock } = await harness({
      COST_JOB_SECRET: SECRET,
      COST_JOB_AUDIENCE: AUDIENCE,
      COST_JOB_INVOKERS: SCHEDULER,
      GOOGLE_OIDC_CERTS_URL: issuer.url,
    }));
  });
  afterAll(async () => {
    await h?.stop();
    await issuer.close();
  });

  it.each([
    ['no credentials', {}, 401, 'no credentials'],
    ['a wrong secret', { 'x-chatops-secret': 'not-the-secret-at-all' }, 401, 'the shared secret does not match'],
    ['a malformed token', { authorization: 'Bearer not.a.token' }, 401, 'the OIDC token was refused'],
  ])('refuses %s and posts nothing', async (_label, headers, status, reason) => {
    clock.set(at(MONDAY_0900, 10));
    const response = await trigger(h, headers);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: string }).error).toContain(reason);
    expect(digests(h)).toEqual([]);
    expect(h.logs.some((line) => line.includes('/jobs/cost-digest: request refused'))).toBe(true);
  });

  it('posts the digest for the latest occurrence with the shared secret, then answers "already posted"', async () => {
    clock.set(at(MONDAY_0900, 30));
    const first = await trigger(h, { 'x-chatops-secret': SECRET });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      ok: true,
      status: 'posted',
      key: '2026-11-23T09-00',
      period: 'Last 7 days (Nov 16–22)',
    });
    const again = await trigger(h, {}, `?token=${SECRET}`);
    expect(await again.json()).toMatchObject({ status: 'already-posted' });
    await h.bot.ticker.runOnce(at(MONDAY_0900, 40)); // the in-process trigger agrees
    expect(digests(h)).toHaveLength(1);
  });

  it('accepts a Google OIDC token from Cloud Scheduler: audience and service account checked', async () => {
    clock.set(new Date('2026-11-30T08:00:20Z'));
    const response = await trigger(h, { authorization: `Bearer ${issuer.token({ aud: AUDIENCE, email: SCHEDULER })}` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'posted', period: 'Last 7 days (Nov 23–29)' });
    expect(digests(h).map((m) => m.text.split(':')[1]?.trim())).toEqual([
      'Last 7 days (Nov 16–22)',
      'Last 7 days (Nov 23–29)',
    ]);
  });

  it.each([
    ['another audience', () => issuer.token({ aud: 'https://elsewhere.example.com', email: SCHEDULER }), 401],
    [
      'another service account',
      () => issuer.token({ aud: AUDIENCE, email: 'someone@other-project.iam.gserviceaccount.com' }),
      403,
    ],
    ['an unverified email', () => issuer.token({ aud: AUDIENCE, email: SCHEDULER, emailVerified: false }), 403],
    ['an expired token', () => issuer.token({ aud: AUDIENCE, email: SCHEDULER, expiresIn: -600 }), 401],
    [
      'a token signed by another key',
      () => issuer.token({ aud: AUDIENCE, email: SCHEDULER }, OidcIssuer.otherKey()),
      401,
    ],
  ])('refuses a token with %s', async (_label, token, status) => {
    clock.set(new Date('2026-12-07T08:00:20Z'));
    const response = await trigger(h, { authorization: `Bearer ${token()}` });
    expect(response.status).toBe(status);
    expect(digests(h)).toHaveLength(2);
  });
});

describe('exactly once with two instances', () => {
  let h: Harness;
  let second: RunningBot;
  beforeAll(async () => {
    const { h: first, clock } = await harness({ COST_JOB_SECRET: SECRET });
    h = first;
    clock.set(at(MONDAY_0900, 1));
    // A second instance of the bot: same store (the SQLite file), same Slack workspace, its own port.
    const log = await createLogger({ level: 'silent', secrets: [] });
    second = await startBot({
      settings: { ...h.settings, dataDir: h.dataDir },
      config: loadConfigFile('chatops.example.yml'),
      log,
      host: '127.0.0.1',
      clock,
    });
    await second.ticker.stop();
  });
  afterAll(async () => {
    await second?.close(1000);
    await h?.stop();
  });

  it('posts one digest while both schedulers tick and Cloud Scheduler calls both, twice', async () => {
    const headers = { 'x-chatops-secret': SECRET };
    const secondUrl = `http://127.0.0.1:${second.port}`;
    const responses = await Promise.all([
      h.bot.ticker.runOnce(at(MONDAY_0900, 1)),
      second.ticker.runOnce(at(MONDAY_0900, 1)),
      trigger(h, headers),
      trigger(secondUrl, headers),
      trigger(h, headers),
      trigger(secondUrl, headers),
    ]);
    const statuses = await Promise.all(
      responses.slice(2).map(async (r) => ((await (r as Response).json()) as { status: string }).status),
    );
    expect(statuses.every((s) => ['posted', 'already-posted', 'in-progress'].includes(s))).toBe(true);
    await h.slack.waitFor(() => charts(h).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(digests(h)).toHaveLength(1);
    expect(charts(h)).toHaveLength(1);
    const record = await h.bot.store.get<DigestRecord>(COST_DIGESTS, '2026-11-23T09-00');
    expect(record?.data).toMatchObject({ state: 'posted', chart: 'posted', attempts: 1 });
  });
});

describe('a digest that fails', () => {
  it('is retried on a later tick, and posted once', async () => {
    const { h, clock } = await harness();
    try {
      // Slack fails chat.postMessage (the client retries twice itself: three failures fail one attempt).
      h.slack.faults.inject('chat.postMessage', { kind: 'status', status: 500 }, 3);
      clock.set(at(MONDAY_0900, 2));
      await h.bot.ticker.runOnce(clock.now());
      expect(digests(h)).toEqual([]);
      expect((await h.bot.store.get<DigestRecord>(COST_DIGESTS, '2026-11-23T09-00'))?.data).toMatchObject({
        state: 'retry',
        attempts: 1,
        nextAttemptAt: '2026-11-23T08:01:02.000Z',
      });
      clock.set(at(MONDAY_0900, 30));
      await h.bot.ticker.runOnce(clock.now()); // backing off: not yet
      expect(digests(h)).toEqual([]);
      clock.set(at(MONDAY_0900, 65));
      await h.bot.ticker.runOnce(clock.now());
      expect(digests(h)).toHaveLength(1);
      expect((await h.bot.store.get<DigestRecord>(COST_DIGESTS, '2026-11-23T09-00'))?.data).toMatchObject({
        state: 'posted',
        attempts: 2,
      });
    } finally {
      await h.stop();
    }
  });

  it('says in the channel what failed when it still cannot post', async () => {
    const { h, clock } = await harness({ COST_CSV_PATH: '/nonexistent/billing.csv', COST_JOB_SECRET: SECRET });
    try {
      clock.set(at(MONDAY_0900, 3));
      const response = await trigger(h, { 'x-chatops-secret': SECRET }); // the HTTP trigger retries within the call
      expect(response.status).toBe(500);
      expect(await response.json()).toMatchObject({ status: 'failed' });
      const notices = h.slack.messagesIn('costs').filter((m) => m.text.startsWith('The weekly cost digest'));
      expect(notices).toHaveLength(1);
      expect(textOf(notices[0])).toContain(
        'The weekly cost digest for Last 7 days (Nov 16–22) could not be posted after 4 attempts: Billing CSV: The billing CSV /nonexistent/billing.csv does not exist',
      );
      expect((await trigger(h, { 'x-chatops-secret': SECRET })).status).toBe(500);
      await h.bot.ticker.runOnce(at(MONDAY_0900, 3600));
      expect(h.slack.messagesIn('costs').filter((m) => m.text.startsWith('The weekly cost digest'))).toHaveLength(1);
      expect(digests(h)).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

describe('a crash after Slack took a post, before the record says so', () => {
  /** From the first digest write for which `crashes` is true, every write of the digest record fails: the instance is as good as gone. */
  function crashOnWrite(h: Harness, crashes: (data: DigestRecord) => boolean): void {
    const store = h.bot.store;
    const write = store.compareAndSet.bind(store);
    let crashed = false;
    store.compareAndSet = (async (
      collection: Collection<DigestRecord>,
      id: string,
      version: number,
      data: DigestRecord,
    ) => {
      if (collection === COST_DIGESTS && (crashed || crashes(data))) {
        crashed = true;
        throw new Error('the instance stopped');
      }
      return write(collection, id, version, data);
    }) as typeof store.compareAndSet;
  }

  it.each([
    ['the report', (d: DigestRecord) => d.report !== undefined, { report: undefined, charts: 0 }],
    ['the chart', (d: DigestRecord) => d.state === 'posted', { report: expect.anything(), charts: 1 }],
  ])('finds %s in the channel after the lease and does not post it again', async (_part, crashes, before) => {
    const { h, clock } = await harness();
    try {
      crashOnWrite(h, crashes);
      clock.set(at(MONDAY_0900, 2));
      await h.bot.ticker.runOnce(clock.now());
      expect(digests(h)).toHaveLength(1); // Slack has it; the store does not know
      expect((await h.bot.store.get<DigestRecord>(COST_DIGESTS, '2026-11-23T09-00'))?.data).toMatchObject({
        state: 'running',
        attempts: 1,
      });
      expect((await h.bot.store.get<DigestRecord>(COST_DIGESTS, '2026-11-23T09-00'))?.data.report).toEqual(
        before.report,
      );
      expect(charts(h)).toHaveLength(before.charts);

      await h.restartBot({ clock });
      await h.bot.ticker.stop();
      clock.set(at(MONDAY_0900, 120));
      await h.bot.ticker.runOnce(clock.now()); // the lease (5 minutes) still holds
      expect((await h.bot.store.get<DigestRecord>(COST_DIGESTS, '2026-11-23T09-00'))?.data).toMatchObject({
        state: 'running',
        attempts: 1,
      });
      clock.set(at(MONDAY_0900, 310));
      await h.bot.ticker.runOnce(clock.now());

      expect(digests(h)).toHaveLength(1);
      expect(charts(h)).toHaveLength(1);
      const record = (await h.bot.store.get<DigestRecord>(COST_DIGESTS, '2026-11-23T09-00'))?.data;
      expect(record).toMatchObject({
        state: 'posted',
        chart: 'posted',
        attempts: 2,
        report: { channel: digests(h)[0]?.channel, ts: digests(h)[0]?.ts },
      });
      expect(h.logs.some((line) => line.includes('already in the channel from an earlier attempt'))).toBe(true);
      await h.bot.ticker.runOnce(at(MONDAY_0900, 3600));
      expect(digests(h)).toHaveLength(1);
      expect(charts(h)).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });

  it('reads metadata back only when asked for it, as Slack does', async () => {
    const { h, clock } = await harness();
    try {
      clock.set(at(MONDAY_0900, 2));
      await h.bot.ticker.runOnce(clock.now());
      const channel = digests(h)[0]!.channel;
      const history = async (extra: Record<string, string>) => {
        const response = await fetch(`${h.slack.url}/api/conversations.history`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${h.settings.slack.botToken}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ channel, ...extra }),
        });
        return ((await response.json()) as { messages: { metadata?: unknown }[] }).messages;
      };
      expect((await history({})).some((m) => m.metadata)).toBe(false);
      expect((await history({ include_all_metadata: 'true' })).filter((m) => m.metadata)).toHaveLength(1);
    } finally {
      await h.stop();
    }
  });
});
