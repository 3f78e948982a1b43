/**
 * Backend faults in Cloud Run on a write path: `/rollback` when the traffic update (PATCH of the service) fails
 * with 500s, 429 with Retry-After, or no answer. Bounded attempts (2), a message that says what happened and
 * never claims success, and consistent state: traffic where it was (read back after an update with no clear
 * answer, so the user is told what Cloud Run serves), no rollback audit entry; the same command works after.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { Fault } from '../../sandbox/faults.js';
import {
  ATTEMPTS,
  ATTEMPT_TIMEOUT_S,
  auditActions,
  command,
  count,
  expectClear,
  session,
  type Session,
} from './fault-support.js';

const SERVICE = (name: string): string => `/v2/projects/demo-project/locations/europe-west1/services/${name}`;
const PATCH = (name: string): RegExp => new RegExp(`^PATCH ${SERVICE(name)}$`);

const sessions: Session[] = [];
afterAll(async () => {
  await Promise.all(sessions.map((s) => s.close()));
});
async function open(): Promise<Session> {
  const s = await session();
  sessions.push(s);
  return s;
}

const serving = (s: Session, service: string): string[] =>
  s.h.cloudRun
    .getTraffic(service)
    .filter((t) => t.percent > 0)
    .map((t) => `${t.percent}% ${t.revision}`);

/** Runs `/rollback <service> prod` with the fault on its PATCH; returns the answer and what changed. */
async function rollbackWith(s: Session, service: string, fault: Fault, times = 100) {
  const before = {
    traffic: serving(s, service),
    patches: count(s.h.cloudRun.requests, PATCH(service)),
    audit: await auditActions(s.h),
  };
  s.h.cloudRun.faults.inject(PATCH(service), fault, times);
  const answer = await command(s, '/rollback', `${service} prod`, { timeoutMs: 25_000 });
  expectClear(answer);
  return {
    answer,
    before,
    patches: count(s.h.cloudRun.requests, PATCH(service)) - before.patches,
    newAudit: (await auditActions(s.h)).slice(before.audit.length),
  };
}

describe.concurrent('/rollback when Cloud Run fails to move the traffic', () => {
  it('HTTP 500, then 429 with Retry-After: 1, every time: two attempts each, traffic unchanged and said so; then the rollback works', async () => {
    const s = await open();
    const unchanged = serving(s, 'api');

    const e500 = await rollbackWith(s, 'api', { kind: 'status', status: 500 });
    s.h.cloudRun.faults.clear();
    expect(e500.answer.text).toMatch(
      /^:warning: Rollback of api prod failed: Cloud Run failed: Cloud Run API is unavailable \(HTTP 500\); read back, traffic is unchanged \(90% api-\d{5}-\w+, 10% api-\d{5}-\w+\)\. Nothing was changed; try again in a minute\.$/m,
    );
    expect(e500.patches).toBe(ATTEMPTS);

    const e429 = await rollbackWith(s, 'api', { kind: 'rate-limit', retryAfterSeconds: 1 });
    s.h.cloudRun.faults.clear();
    expect(e429.answer.text).toMatch(
      /^:warning: Rollback of api prod failed: Cloud Run failed: Cloud Run API quota exceeded for demo-project; retry in 1s\. Nothing was changed\.$/m,
    );
    expect(e429.patches).toBe(ATTEMPTS);
    expect(e429.answer.ms, 'Retry-After honoured').toBeGreaterThanOrEqual(1000);

    for (const r of [e500, e429]) {
      expect(r.answer.replies[0], 'only the requester sees a failure').toMatchObject({ response_type: 'ephemeral' });
      expect(r.newAudit, 'no rollback recorded').toEqual([]);
      expect(r.answer.text).not.toMatch(/Rolled back/);
    }
    expect(serving(s, 'api')).toEqual(unchanged);

    const ok = await command(s, '/rollback', 'api prod');
    expect(ok.text).toMatch(
      /Rolled back api → prod.* 100% of traffic is on `api-\d{5}-\w+` \(was `api-\d{5}-\w+`\), verified on Cloud Run/s,
    );
    expect(serving(s, 'api')).toEqual([expect.stringMatching(/^100% api-/)]);
    expect((await auditActions(s.h)).filter((a) => a === 'rollback')).toHaveLength(1);
  }, 30_000);

  it('no answer every time: gives up after two attempts, reads the service back and says traffic is unchanged', async () => {
    const s = await open();
    const unchanged = serving(s, 'api');
    const r = await rollbackWith(s, 'api', { kind: 'timeout', ms: 20_000 });
    expect(r.answer.text).toMatch(
      new RegExp(
        `^:warning: Rollback of api prod failed: Cloud Run failed: Cloud Run did not answer within ${ATTEMPT_TIMEOUT_S}s while trying to update Cloud Run service api; read back, traffic is unchanged \\(90% api-\\d{5}-\\w+, 10% api-\\d{5}-\\w+\\)\\. Nothing was changed; try again in a minute\\.$`,
        'm',
      ),
    );
    expect(r.patches).toBe(ATTEMPTS);
    expect(r.answer.ms).toBeLessThan(ATTEMPTS * ATTEMPT_TIMEOUT_S * 1000 + 3000);
    expect(r.newAudit).toEqual([]);
    expect(serving(s, 'api')).toEqual(unchanged);
  }, 30_000);

  it('the update lands but Cloud Run cannot confirm it (its operation and the next reads fail): read back, the rollback is reported done, not failed', async () => {
    const s = await open();
    // After the PATCH is taken, every poll of its operation and the next two reads of the service answer 500.
    let patched = false;
    let failedReads = 0;
    const take = s.h.cloudRun.faults.take.bind(s.h.cloudRun.faults);
    s.h.cloudRun.faults.take = (key) => {
      if (PATCH('api').test(key)) patched = true;
      if (patched && /^GET \/v2\/.*\/operations\//.test(key)) return { kind: 'status', status: 500 };
      if (patched && key === `GET ${SERVICE('api')}` && failedReads < ATTEMPTS) {
        failedReads += 1;
        return { kind: 'status', status: 500 };
      }
      return take(key);
    };
    const audit = await auditActions(s.h);
    const answer = await command(s, '/rollback', 'api prod');
    expectClear(answer);
    expect(failedReads).toBe(ATTEMPTS);
    expect(answer.text).toMatch(
      /Rolled back api → prod.* 100% of traffic is on `api-\d{5}-\w+` \(was `api-\d{5}-\w+`\), verified on Cloud Run/s,
    );
    expect(count(s.h.cloudRun.requests, PATCH('api'))).toBe(1);
    expect((await auditActions(s.h)).slice(audit.length)).toEqual(['rollback']);
    expect(serving(s, 'api')).toEqual([expect.stringMatching(/^100% api-/)]);
  }, 30_000);

  it('the update fails and Cloud Run cannot be read back either: says it is not known whether traffic moved, and where to look', async () => {
    const s = await open();
    let patched = false;
    const take = s.h.cloudRun.faults.take.bind(s.h.cloudRun.faults);
    s.h.cloudRun.faults.take = (key) => {
      if (PATCH('api').test(key)) patched = true;
      return patched && key === `GET ${SERVICE('api')}` ? { kind: 'status', status: 500 } : take(key);
    };
    const r = await rollbackWith(s, 'api', { kind: 'status', status: 500 }); // every PATCH, and every read after the first PATCH
    expect(r.answer.text).toMatch(
      /^:warning: Rollback of api prod failed: Cloud Run API is unavailable \(HTTP 500\), and Cloud Run could not be read back, so it is not known whether traffic moved to api-\d{5}-\w+\. Check `\/ops status api` before trying again\.$/m,
    );
    expect(r.patches).toBe(ATTEMPTS);
    expect(r.newAudit).toEqual([]);
  }, 30_000);

  it('no answer once, then an answer: the second attempt moves the traffic, verified, recorded once', async () => {
    const s = await open();
    const r = await rollbackWith(s, 'worker', { kind: 'timeout', ms: 20_000 }, 1);
    expect(r.answer.text).toMatch(
      /Rolled back worker → prod.* 100% of traffic is on `worker-\d{5}-\w+` \(was `worker-\d{5}-\w+`\), verified on Cloud Run/s,
    );
    expect(r.patches).toBe(2);
    expect(r.answer.ms).toBeGreaterThanOrEqual(ATTEMPT_TIMEOUT_S * 1000);
    expect(r.newAudit).toEqual(['rollback']);
    expect(serving(s, 'worker')).toEqual([expect.stringMatching(/^100% worker-/)]);
  }, 30_000);
});
