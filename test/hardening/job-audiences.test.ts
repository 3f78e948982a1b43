/**
 * Issue 11, finding 7: each job endpoint accepts Google ID tokens for its own audience only. A token minted
 * for POST /hooks/budget opened POST /jobs/cost-digest too, because both read COST_JOB_AUDIENCE.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { OidcIssuer } from '../cost/oidc.js';
import { demoCsv, fixedClock } from '../cost/support.js';

const INVOKER = 'chatops-jobs@demo-project.iam.gserviceaccount.com';
const DIGEST_URL = 'https://chatops.example.com/jobs/cost-digest';
const BUDGET_URL = 'https://chatops.example.com/hooks/budget';

const issuer = new OidcIssuer();
beforeAll(async () => void (await issuer.start()));
afterAll(async () => issuer.close());

async function bot(env: Record<string, string>): Promise<Harness> {
  const h = await startHarness({
    env: { COST_CSV_PATH: await demoCsv(), COST_JOB_INVOKERS: INVOKER, GOOGLE_OIDC_CERTS_URL: issuer.url, ...env },
    clock: fixedClock(),
  });
  await h.bot.ticker.stop();
  return h;
}

/** The status, and whether the endpoint let the caller in (a refused caller gets 401 or 403; anything else got past the check). */
async function call(h: Harness, path: string, audience: string): Promise<{ status: number; admitted: boolean }> {
  const response = await fetch(`${h.botUrl}${path}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${issuer.token({ aud: audience, email: INVOKER })}`,
      'content-type': 'application/json',
    },
    body: '{}',
  });
  await response.arrayBuffer();
  return { status: response.status, admitted: response.status !== 401 && response.status !== 403 };
}

describe.each([
  [
    'one audience variable per endpoint',
    { COST_DIGEST_JOB_AUDIENCE: 'chatops-cost-digest', BUDGET_HOOK_AUDIENCE: 'chatops-budget-hook' },
    'chatops-cost-digest',
    'chatops-budget-hook',
  ],
  [
    'COST_JOB_AUDIENCE, as the README showed it (each URL belongs to its path)',
    { COST_JOB_AUDIENCE: `${DIGEST_URL},${BUDGET_URL}` },
    DIGEST_URL,
    BUDGET_URL,
  ],
])('job endpoints with %s', (_label, env, digestAudience, budgetAudience) => {
  let h: Harness;
  beforeAll(async () => {
    h = await bot(env);
  });
  afterAll(async () => h?.stop());

  it('a token for the budget hook opens the budget hook, not the digest', async () => {
    expect(await call(h, '/hooks/budget', budgetAudience)).toMatchObject({ admitted: true, status: 400 }); // in, then the empty envelope is refused
    expect(await call(h, '/jobs/cost-digest', budgetAudience)).toEqual({ admitted: false, status: 401 });
  });

  it('a token for the digest opens the digest, not the budget hook', async () => {
    expect((await call(h, '/jobs/cost-digest', digestAudience)).admitted).toBe(true);
    expect(await call(h, '/hooks/budget', digestAudience)).toEqual({ admitted: false, status: 401 });
  });

  it('says which check failed, naming the endpoint', () => {
    const refusals = h.logs.filter((l) => l.includes('request refused'));
    expect(refusals.some((l) => l.includes('/jobs/cost-digest'))).toBe(true);
    expect(refusals.some((l) => l.includes('/hooks/budget'))).toBe(true);
  });
});

describe('an endpoint without an audience of its own', () => {
  it('refuses every ID token, even one for another endpoint', async () => {
    const h = await bot({ BUDGET_HOOK_AUDIENCE: 'chatops-budget-hook' });
    try {
      expect(await call(h, '/jobs/cost-digest', 'chatops-budget-hook')).toEqual({ admitted: false, status: 403 });
      expect((await call(h, '/hooks/budget', 'chatops-budget-hook')).admitted).toBe(true);
    } finally {
      await h.stop();
    }
  });
});
