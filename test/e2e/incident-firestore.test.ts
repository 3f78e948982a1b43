/** The incident decisions that must happen once, on the store several Cloud Run instances share: Firestore (emulator). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKS, lockId } from '../../src/domain/lock.js';
import {
  firestoreEmulatorSkipReason,
  startFirestoreEmulator,
  type FirestoreEmulator,
} from '../support/firestore-emulator.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { ALEX, containing, declare, lastIn, SAM, settableClock, type } from '../incident/helpers.js';

describe.skipIf(firestoreEmulatorSkipReason() !== undefined)('incidents on the Firestore store', () => {
  let emulator: FirestoreEmulator;
  let h: Harness;
  const clock = settableClock('2026-11-22T09:00:00Z');
  beforeAll(async () => {
    emulator = await startFirestoreEmulator('demo-chatops-incident');
    h = await startHarness({
      clock,
      env: { STORE: 'firestore', GOOGLE_CLOUD_PROJECT: emulator.projectId, FIRESTORE_EMULATOR_HOST: emulator.host },
    });
  }, 60_000);
  afterAll(async () => {
    await h?.stop();
    await emulator?.stop();
  });

  it("declares with a lock, reminds once across two instances, and finds the channel's incident", async () => {
    const { channel } = await declare(h, 'P1 api "Checkout returns 500"');
    expect(await h.bot.store.get(LOCKS, lockId('api', 'prod', 'INC-1'))).not.toBeNull();
    const second = await h.startAnotherBot({ clock });
    const due = new Date('2026-11-22T09:31:00Z');
    await Promise.all([h.bot.ticker.runOnce(due), second.ticker.runOnce(due)]);
    expect(h.slack.messagesIn(channel.id).filter(containing('status update was due'))).toHaveLength(1);

    await type(h, '/incident role scribe <@U0SAM00002|sam>', channel.id, ALEX);
    await h.slack.waitFor(() => lastIn(h, channel.id, containing('Scribe of INC-1 is now')), 10_000);
    await type(h, '/incident timeline', channel.id, SAM);
    const timeline = await h.slack.waitFor(() => lastIn(h, channel.id, containing('Timeline: INC-1')), 10_000);
    expect(textOf(timeline)).toContain(`Scribe: <@${SAM}>`);
  });
});
