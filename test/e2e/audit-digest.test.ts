import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureOf } from '../../sandbox/cloud-run/exposure.js';
import { serviceKey } from '../../sandbox/cloud-run/model.js';
import { AUDIT_DIGESTS } from '../../src/workflows/audit/collections.js';
import { OidcIssuer } from '../cost/oidc.js';
import { everythingWritten } from '../audit/support.js';
import { testConfig } from '../support/deploy-helpers.js';
import { fixedClock } from '../support/fixed-clock.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

/** Monday 2026-11-23 08:00 in Berlin: the digest's default schedule ("0 8 * * MON"). */
const MONDAY_0800 = new Date('2026-11-23T07:00:00Z');
const NEXT_MONDAY_0800 = new Date('2026-11-30T07:00:00Z');
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);
const AUDIENCE = 'https://chatops.example.com/jobs/security-audit';
const SCHEDULER = 'audit-digest@demo-project.iam.gserviceaccount.com';

const digests = (h: Harness) =>
  h.slack.messagesIn('deploys').filter((m) => m.text.startsWith('Weekly security digest'));

describe('the weekly security digest', () => {
  let h: Harness;
  const issuer = new OidcIssuer();
  const clock = fixedClock(at(MONDAY_0800, -3600));
  const trigger = (token: string) =>
    fetch(`${h.botUrl}/jobs/security-audit`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  beforeAll(async () => {
    await issuer.start();
    const configPath = testConfig((y) =>
      y.replace('    inProcess: false\n    channel: "#deploys"', '    inProcess: true\n    channel: "#deploys"'),
    );
    h = await startHarness({
      configPath,
      clock,
      env: { SECURITY_AUDIT_JOB_AUDIENCE: AUDIENCE, COST_JOB_INVOKERS: SCHEDULER, GOOGLE_OIDC_CERTS_URL: issuer.url },
    });
    await h.bot.ticker.stop(); // no background ticks: the test runs the schedule with runOnce
  });
  afterAll(async () => {
    await h?.stop();
    await issuer.close();
  });

  it('posts once for two instances whose schedules fire together, with every finding new', async () => {
    const other = await h.startAnotherBot({ clock });
    await other.ticker.stop();
    await h.bot.ticker.runOnce(at(MONDAY_0800, -60));
    expect(digests(h)).toEqual([]);
    clock.set(at(MONDAY_0800, 5));
    await Promise.all([h.bot.ticker.runOnce(at(MONDAY_0800, 5)), other.ticker.runOnce(at(MONDAY_0800, 5))]);
    await Promise.all([h.bot.ticker.runOnce(at(MONDAY_0800, 20)), other.ticker.runOnce(at(MONDAY_0800, 20))]);
    const posted = digests(h);
    expect(posted).toHaveLength(1);
    const text = textOf(posted[0]);
    expect(text).toContain('Weekly Security Audit: demo-project — 2 critical, 2 high, 2 medium');
    expect(text).toContain('*New since the last audit (6)*');
    expect(text).toContain('Service worker can be called by anyone on the internet');
    expect(text).toContain('*Resolved since the last audit (0)*');
    const record = await h.bot.store.get(AUDIT_DIGESTS, '2026-11-23T08-00');
    expect(record?.data).toMatchObject({ state: 'posted', attempts: 1 });
  });

  it("Cloud Scheduler's call for the same week finds it posted: nothing twice", async () => {
    const response = await trigger(issuer.token({ aud: AUDIENCE, email: SCHEDULER }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'already-posted', key: '2026-11-23T08-00' });
    expect(digests(h)).toHaveLength(1);
  });

  it('accepts a token only for its own audience', async () => {
    const costAudience = 'https://chatops.example.com/jobs/cost-digest';
    const response = await trigger(issuer.token({ aud: costAudience, email: SCHEDULER }));
    expect(response.status).toBe(401);
  });

  it('next week posts what was resolved and what is new since', async () => {
    const worker = h.cloudRun.services.get(serviceKey('demo-project', 'europe-west1', 'worker'));
    if (worker) exposureOf(worker).bindings = [];
    h.security.rules.release(
      'demo-project',
      'cloud.firestore',
      "rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n    match /carts/{id} { allow read, write: if request.auth != null; }\n  }\n}\n",
    );
    clock.set(at(NEXT_MONDAY_0800, 5));
    await h.bot.ticker.runOnce(at(NEXT_MONDAY_0800, 5));
    const text = textOf(digests(h)[1]);
    expect(text).toContain('*New since the last audit (1)*');
    expect(text).toContain('Any signed-in user of any app of the project can read, write /carts/{id}');
    expect(text).toContain('*Resolved since the last audit (2)*');
    expect(text).toContain(
      ':white_check_mark: Service worker can be called by anyone on the internet, but is not marked public',
    );
    expect(text).toMatch(/:white_check_mark: Test-mode rules/);
    expect(text).toContain('*Rules changed since the last audit:* cloud.firestore in demo-project');
  });

  it('the planted token appears in no digest or log line', () => {
    expect(everythingWritten(h)).not.toContain(h.security.planted[0]);
  });
});
