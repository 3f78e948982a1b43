import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { auditReport } from '../audit/support.js';
import { startHarness, type Harness } from '../support/harness.js';

/** Each backend failing: its check becomes a "Not checked" line with the reason and the role; the others still run. */

const DENIED = (message: string) => ({
  kind: 'status' as const,
  status: 403,
  body: { error: { code: 403, status: 'PERMISSION_DENIED', message } },
});

describe('/audit with a failing backend', () => {
  let h: Harness;
  beforeAll(async () => {
    // A closed port: the emulator is configured but not running.
    h = await startHarness({ env: { FIRESTORE_RULES_EMULATOR_HOST: '127.0.0.1:9' } });
  });
  beforeEach(() => {
    h.security.rules.faults.clear();
    h.security.secretManager.faults.clear();
    h.cloudRun.faults.clear();
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('the Rules API refusing the bot: the role to grant, and every other finding still there', async () => {
    h.security.rules.faults.inject(
      'GET /v1/projects/demo-project/releases',
      DENIED('The caller does not have permission'),
    );
    const { text } = await auditReport(h);
    expect(text).toContain(
      "Firestore and Storage rules of demo-project: Firebase Rules API refused the bot: missing role roles/firebaserules.viewer → grant the bot's service account *roles/firebaserules.viewer*",
    );
    expect(text).not.toContain('Test-mode rules');
    expect(text).toContain('Service worker can be called by anyone on the internet');
    expect(text).toContain('PAYMENT_API_TOKEN');
    expect(text).toContain('Secret stripe-api-key is overdue for rotation');
  });

  it('Secret Manager unavailable: said, retried once, and the rules and Cloud Run findings stay', async () => {
    h.security.secretManager.faults.inject('GET /v1/projects/demo-project/secrets', { kind: 'status', status: 503 }, 2);
    const calls = () => h.security.secretManager.requests.filter((r) => r === 'GET /v1/projects/demo-project/secrets');
    const before = calls().length;
    const { text } = await auditReport(h);
    expect(calls().length - before).toBe(2);
    expect(text).toContain('Secret Manager secrets of demo-project: Secret Manager is unavailable');
    expect(text).not.toContain('stripe-api-key');
    expect(text).toContain('Test-mode rules');
    expect(text).toContain('Service worker can be called');
  });

  it("Cloud Run's IAM policy refused: that service is not checked, the others are", async () => {
    h.cloudRun.faults.inject(
      'GET /v2/projects/demo-project/locations/europe-west1/services/worker:getIamPolicy',
      DENIED("Permission 'run.services.getIamPolicy' denied on resource"),
    );
    const { text } = await auditReport(h);
    expect(text).toMatch(
      /Cloud Run service demo-project\/europe-west1\/worker: The bot may not read Cloud Run service worker in demo-project\/europe-west1: missing role roles\/run.viewer.*→ grant the bot's service account \*roles\/run.viewer\*/,
    );
    expect(text).not.toContain('Service worker can be called');
    expect(text).toContain('PAYMENT_API_TOKEN'); // api was read
  });

  it('the Firestore API refusing to list collections: the probes are not run, the role is named', async () => {
    h.security.rules.faults.inject(
      'POST /v1/projects/demo-project/databases/(default)/documents:listCollectionIds',
      DENIED('Missing or insufficient permissions.'),
    );
    const { text } = await auditReport(h);
    expect(text).toContain(
      "the collections of demo-project/(default): Firestore refused the bot: missing role roles/datastore.viewer → grant the bot's service account *roles/datastore.viewer*",
    );
    expect(text).toContain('Test-mode rules'); // the static findings stay
  });

  it('the emulator not answering: the dynamic check says so, the static one stands', async () => {
    const { text } = await auditReport(h);
    expect(text).toMatch(
      /rules of cloud.firestore in demo-project, tried in the Firestore emulator: the Firestore emulator at 127.0.0.1:9 did not answer/,
    );
    expect(text).toContain('Test-mode rules');
    expect(text).not.toMatch(/at [\w.]+ \(.*\.ts:\d+/); // no stack trace
  });
});
