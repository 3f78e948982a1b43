import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { auditReport, everythingWritten } from '../audit/support.js';
import { JO, requestDeploy } from '../support/deploy-helpers.js';

/** `/audit` on the sandbox's demo project, through the real clients and the Rules, Secret Manager and Cloud Run stand-ins. */
describe('/audit on the sandbox demo project', () => {
  let h: Harness;
  let text: string;
  let ackMs: number;
  beforeAll(async () => {
    h = await startHarness();
    const result = await auditReport(h, '/audit');
    text = result.text;
    ackMs = result.ack.elapsedMs;
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('acks at once and posts the report in the channel, headed by the counts by severity', () => {
    expect(ackMs).toBeLessThan(3000);
    expect(text).toContain('Security Audit: demo-project — 2 critical, 2 high, 2 medium');
  });

  it('finds the open test-mode rule, with how many days it stays open, where it is and the fix', () => {
    expect(text).toMatch(/CRITICAL · \*Test-mode rules: the whole database is open to everyone for \d+ more days/);
    expect(text).toContain('cloud.firestore · firestore.rules line 9 · match /{document=**}');
    expect(text).toContain('firebase deploy --only firestore:rules --project demo-project');
  });

  it('finds the service anyone can call though it is not marked public, with the binding as evidence', () => {
    expect(text).toContain('Service worker can be called by anyone on the internet, but is not marked public');
    expect(text).toContain('roles/run.invoker → allUsers');
    expect(text).toContain(
      'gcloud run services remove-iam-policy-binding worker --region=europe-west1 --project=demo-project --member=allUsers --role=roles/run.invoker',
    );
    expect(text).not.toContain('Service web can be called'); // web is in audit.publicServices
  });

  it('finds ingress from everywhere on the service marked internal', () => {
    expect(text).toContain('Service worker is marked internal but accepts traffic from the internet');
    expect(text).toContain('ingress: INGRESS_TRAFFIC_ALL');
  });

  it('names the plaintext token by variable and fingerprint, never its value', () => {
    expect(text).toContain('PAYMENT_API_TOKEN = [value not shown] (sha256:');
    expect(text).toContain('--update-secrets=PAYMENT_API_TOKEN=payment-api-token:latest');
    expect(text).not.toContain('LOG_LEVEL'); // a plain setting
    expect(text).not.toContain('DB_PASSWORD'); // a Secret Manager reference
  });

  it('finds the secret overdue for rotation and the one without a schedule, from metadata only', () => {
    expect(text).toContain(
      'Secret stripe-api-key is overdue for rotation: its newest value is 200 days old (period 90 days)',
    );
    expect(text).toContain('Secret stripe-api-key has no rotation schedule');
    expect(text).not.toContain('db-password');
    expect(h.security.secretManager.requests.every((r) => !r.includes(':access'))).toBe(true);
  });

  it('says what it could not check and how to enable it', () => {
    expect(text).toContain('*Not checked*');
    expect(text).toContain('set FIRESTORE_RULES_EMULATOR_HOST');
  });

  it('limits the audit to one service, and answers a wrong name in the ack', async () => {
    const { text: api } = await auditReport(h, '/audit api');
    expect(api).toContain('PAYMENT_API_TOKEN');
    expect(api).not.toContain('Service worker');
    const wrong = await h.slack.slashCommand({ text: '/audit nope', channel: 'deploys' });
    expect((JSON.parse(wrong.body) as { text: string }).text).toContain('There is no service "nope" in chatops.yml');
  });

  it('shows the open CRITICAL findings of the service in a prod Deployment Plan, as a warning', async () => {
    const card = await requestDeploy(h, 'worker prod', JO);
    expect(textOf(card)).toMatch(/No open CRITICAL security finding.*\n?.*1 open \(run-public\): run \/audit worker/);
    const api = await requestDeploy(h, 'api prod');
    expect(textOf(api)).not.toContain('security finding');
  });

  it('the planted token appears in no report, message or log line', () => {
    const [planted] = h.security.planted;
    expect(planted).toMatch(/^pk_live_/);
    expect(JSON.stringify(h.cloudRun.getService('api'))).toContain(planted); // it is there to be found…
    expect(everythingWritten(h)).not.toContain(planted); // …and the bot never repeats it
  });
});
