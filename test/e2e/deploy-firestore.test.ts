/** The deploy decisions that must happen once, on the store several Cloud Run instances share: Firestore (emulator). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  firestoreEmulatorSkipReason,
  startFirestoreEmulator,
  type FirestoreEmulator,
} from '../support/firestore-emulator.js';
import { startHarness, type Harness } from '../support/harness.js';
import { SAM, cardSays, click, deploymentOf, requestDeploy, testConfig, thread } from '../support/deploy-helpers.js';

describe.skipIf(firestoreEmulatorSkipReason() !== undefined)('deploy on the Firestore store', () => {
  let emulator: FirestoreEmulator;
  let h: Harness;
  beforeAll(async () => {
    emulator = await startFirestoreEmulator('demo-chatops-deploy');
    h = await startHarness({
      configPath: testConfig(),
      env: { STORE: 'firestore', GOOGLE_CLOUD_PROJECT: emulator.projectId, FIRESTORE_EMULATOR_HOST: emulator.host },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await emulator?.stop();
  });

  it('50 concurrent Approve clicks over two instances: one approval, one rollout', async () => {
    const second = await h.startAnotherBot();
    const card = await requestDeploy(h, 'api prod');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => click(h, card, 'deploy.approve', SAM, i % 2 ? second.url : undefined)),
    );
    expect(answers.every((a) => a.status === 200 && a.elapsedMs < 3000)).toBe(true);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 30_000);
    await h.slack.waitFor(() => thread(h, card).includes('Deploy succeeded')); // posted once the end is audited
    const d = await deploymentOf(h, card);
    expect(d.approvals).toHaveLength(1);
    expect(
      h.cloudRun.getRevisions('api').filter((r) => String(r.name).endsWith(`/api-d${d.id.slice(-6)}`)),
    ).toHaveLength(1);
    const audit = await h.bot.store.queryAudit({ target: `deployment:${d.id}` });
    expect(audit.filter((e) => e.action === 'deploy.succeeded')).toHaveLength(1);
  });
});
