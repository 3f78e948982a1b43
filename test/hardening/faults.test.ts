/**
 * Backend faults: 500s, timeouts and 429 with Retry-After injected into each stand-in. Retries stay bounded,
 * the user gets a clear message (what failed, what to do, no stack trace), the other services still show,
 * and nothing is recorded by a failed read. FLOWS lists each command path and the stand-in calls it makes:
 * a feature adds its own rows (a /deploy that reads GitHub, a /cost that reads billing…).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../sandbox/faults.js';
import { startHarness, type Harness } from '../support/harness.js';
import { commandBody, problemWith, ResponseCollector, visibleText, expectNoSecrets } from './support.js';

/** The bot's settings for interactive calls (src/bot.ts): 8 s per attempt, 2 attempts. */
const ATTEMPTS = 2;
const ATTEMPT_TIMEOUT_S = 8;
const SERVICE = (name: string): RegExp =>
  new RegExp(`^GET /v2/projects/demo-project/locations/europe-west1/services/${name}$`);

interface FaultCase {
  name: string;
  fault: Fault;
  /** How often the stand-in fails (the rest answer normally). */
  times: number;
  /** What the user reads about the failed service. */
  says: RegExp;
  /** Requests the faulted path may get in all. */
  requests: number;
}

interface Flow {
  name: string;
  command: string;
  text: (service: string) => string;
  standin: 'cloudRun' | 'github';
  path: (service: string) => RegExp;
}

const FLOWS: Flow[] = [
  { name: '/ops status → Cloud Run', command: '/ops', text: (s) => `status ${s}`, standin: 'cloudRun', path: SERVICE },
];

const CASES: FaultCase[] = [
  {
    name: 'HTTP 500 every time',
    fault: { kind: 'status', status: 500 },
    times: 100,
    says: /unavailable \(HTTP 500\).*\n\*What to do:\* .*try again in a minute/s,
    requests: ATTEMPTS,
  },
  {
    name: '429 with Retry-After: 1 every time',
    fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    times: 100,
    says: /quota exceeded.*retry in 1s.*\n\*What to do:\* .*rate limiting/s,
    requests: ATTEMPTS,
  },
  {
    name: 'no answer at all (timeout) every time',
    fault: { kind: 'timeout', ms: 25_000 },
    times: 100,
    says: new RegExp(`did not answer within ${ATTEMPT_TIMEOUT_S}s.*\\n\\*What to do:\\* `, 's'),
    requests: ATTEMPTS,
  },
];
const TRANSIENT: FaultCase[] = [
  { name: 'one HTTP 500, then answers', fault: { kind: 'status', status: 500 }, times: 1, says: /Ready/, requests: 2 },
  {
    name: 'one 429 with Retry-After: 1, then answers',
    fault: { kind: 'rate-limit', retryAfterSeconds: 1 },
    times: 1,
    says: /Ready/,
    requests: 2,
  },
  {
    name: '429 asking to wait 60 s: fails at once instead of waiting',
    fault: { kind: 'rate-limit', retryAfterSeconds: 60 },
    times: 100,
    says: /quota exceeded.*retry in 60s/s,
    requests: 1,
  },
];

let h: Harness;
let collector: ResponseCollector;
beforeAll(async () => {
  h = await startHarness();
  collector = await new ResponseCollector().start();
});
afterAll(async () => {
  expectNoSecrets(h);
  await collector?.close();
  await h?.stop();
});

const requestsTo = (flow: Flow, service: string): number =>
  h[flow.standin].requests.filter((r) => flow.path(service).test(r)).length;
const auditCount = async (): Promise<number> =>
  (await h.bot.store.queryAudit({ since: new Date(0), limit: 10_000 })).length;

/** Injects the fault on one service, runs the command for it, returns what the user read and how often the backend was asked. */
async function run(
  flow: Flow,
  service: string,
  c: FaultCase,
): Promise<{ text: string; requests: number; ackMs: number; replyMs: number }> {
  h[flow.standin].faults.inject(flow.path(service), c.fault, c.times);
  const before = requestsTo(flow, service);
  const { id, body } = commandBody(h, collector, flow.command, flow.text(service));
  const started = Date.now();
  const ack = await h.slack.sendRaw(body, 'application/x-www-form-urlencoded');
  expect(ack.status).toBe(200);
  const replies = await collector.waitFor(id, 30_000);
  const replyMs = Date.now() - started;
  expect(replies, 'a reply through response_url').toBeDefined();
  const reply = replies![0]!;
  expect(problemWith(reply)).toBeUndefined();
  await new Promise((resolve) => setTimeout(resolve, 300)); // a retry still under way would show now
  return { text: visibleText(reply), requests: requestsTo(flow, service) - before, ackMs: ack.elapsedMs, replyMs };
}

describe.each(FLOWS)('$name', (flow) => {
  it('persistent faults: bounded retries and a clear message for each, the other services unaffected (run side by side)', async () => {
    const services = ['api', 'web', 'worker'];
    const auditBefore = await auditCount();
    const results = await Promise.all(CASES.map((c, i) => run(flow, services[i]!, c)));
    results.forEach((r, i) => {
      const c = CASES[i]!;
      expect(r.ackMs, c.name).toBeLessThan(3000);
      expect(r.text, c.name).toMatch(c.says);
      expect(r.requests, `${c.name}: requests to the backend`).toBe(c.requests);
    });
    // 429 honoured its Retry-After; a timeout gave up after ATTEMPTS attempts, not later
    expect(results[1]!.replyMs).toBeGreaterThanOrEqual(1000);
    expect(results[2]!.replyMs).toBeLessThan(ATTEMPTS * ATTEMPT_TIMEOUT_S * 1000 + 5000);
    expect(await auditCount()).toBe(auditBefore);
    h[flow.standin].faults.clear();
    // nothing is left broken: the same request answers normally once the backend recovers
    const recovered = await run(flow, 'api', { ...TRANSIENT[0]!, times: 0 });
    expect(recovered.text).toMatch(/Ready/);
  }, 40_000);

  it.each(TRANSIENT)('$name', async (c) => {
    const result = await run(flow, 'web', c);
    h[flow.standin].faults.clear();
    expect(result.text).toMatch(c.says);
    expect(result.requests).toBe(c.requests);
  });
});
