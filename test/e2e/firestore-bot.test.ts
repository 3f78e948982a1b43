/** The bot with STORE=firestore against Google's emulator: what a multi-instance Cloud Run deployment runs. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPLOYMENTS, type Deployment } from '../../src/domain/deployment.js';
import {
  firestoreEmulatorSkipReason,
  startFirestoreEmulator,
  type FirestoreEmulator,
} from '../support/firestore-emulator.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

const skip = firestoreEmulatorSkipReason();

describe.skipIf(skip !== undefined)('bot on the Firestore store', () => {
  let emulator: FirestoreEmulator;
  let h: Harness;
  beforeAll(async () => {
    emulator = await startFirestoreEmulator('demo-chatops-e2e');
    h = await startHarness({
      env: { STORE: 'firestore', GOOGLE_CLOUD_PROJECT: emulator.projectId, FIRESTORE_EMULATOR_HOST: emulator.host },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await emulator?.stop();
  });

  it('reports the store in /healthz', async () => {
    expect(await (await fetch(`${h.botUrl}/healthz`)).json()).toMatchObject({ store: 'firestore' });
  });

  it('/ops status shows the last deploy recorded in Firestore', async () => {
    const deploy: Deployment = {
      id: 'fs-1',
      service: 'api',
      environment: 'prod',
      ref: 'main',
      sha: 'feedface00112233',
      status: 'succeeded',
      requestedBy: 'U0ALEX0001',
      requestedAt: '2026-11-21T08:30:00.000Z',
      strategy: 'cloud-run',
      approvers: [],
      requiredApprovals: 0,
      approvals: [],
      steps: [],
    };
    await h.bot.store.create(DEPLOYMENTS, deploy.id, deploy);
    await h.slack.slashCommand({ text: '/ops status api', channel: 'ops' });
    const report = await h.slack.waitFor(
      () => h.slack.messagesIn('ops').find((m) => m.text.startsWith('Service Status: api')),
      10_000,
    );
    expect(textOf(report)).toContain('`feedfac` to prod by <@U0ALEX0001> · succeeded');
  });
});
