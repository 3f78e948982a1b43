import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { OidcIssuer } from '../cost/oidc.js';
import { alertCards, cardText, json, notification, send } from '../alerts/helpers.js';

/** POST /hooks/alerts through Pub/Sub push: a Google OIDC token for its own audience, from an allowed invoker. */
const INVOKER = 'chatops-jobs@demo-project.iam.gserviceaccount.com';
const ALERTS_URL = 'https://chatops.example.com/hooks/alerts';
const BUDGET_URL = 'https://chatops.example.com/hooks/budget';

const issuer = new OidcIssuer();
let h: Harness;
beforeAll(async () => {
  await issuer.start();
  h = await startHarness({
    env: {
      COST_JOB_INVOKERS: INVOKER,
      GOOGLE_OIDC_CERTS_URL: issuer.url,
      ALERT_HOOK_AUDIENCE: ALERTS_URL,
      BUDGET_HOOK_AUDIENCE: BUDGET_URL,
      COST_JOB_SECRET: 'shared-job-secret-0123456789',
    },
  });
});
afterAll(async () => {
  await h?.stop();
  await issuer.close();
});

const push = (id: string) => ({
  message: {
    data: Buffer.from(JSON.stringify(notification(id, 'open'))).toString('base64'),
    messageId: `m-${id}`,
  },
  subscription: 'projects/demo-project/subscriptions/chatops-alerts',
});
const bearer = (aud: string, email = INVOKER) => ({
  headers: { authorization: `Bearer ${issuer.token({ aud, email })}` },
  query: '',
});

describe('POST /hooks/alerts with Pub/Sub push', () => {
  it("takes a token for its own audience and unwraps the envelope; another entry's token or secret opens nothing", async () => {
    const answer = await send(h, push('0.ps1'), bearer(ALERTS_URL));
    expect(await json(answer)).toMatchObject({ ok: true, alert: 'monitoring-0.ps1', first: true });
    expect(alertCards(h, 'deploys').some((m) => cardText(h, m).includes('0.ps1'))).toBe(true);

    expect((await send(h, push('0.ps2'), bearer(BUDGET_URL))).status).toBe(401);
    expect((await send(h, push('0.ps2'), bearer(ALERTS_URL, 'someone@example.com'))).status).toBe(403);
    const secret = await send(h, push('0.ps2'), { headers: { 'x-chatops-secret': 'shared-job-secret-0123456789' } });
    expect(secret.status).toBe(401);
    expect(alertCards(h, 'deploys').some((m) => cardText(h, m).includes('0.ps2'))).toBe(false);
  });
});
