import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRulesLab } from '../../src/adapters/firebase-rules/emulator-lab.js';
import { auditReport } from '../audit/support.js';
import {
  type FirestoreEmulator,
  firestoreEmulatorSkipReason,
  startFirestoreEmulator,
} from '../support/firestore-emulator.js';
import { startHarness, type Harness } from '../support/harness.js';

/**
 * The dynamic rules check: the released rules loaded into Google's Firestore emulator and tried, for each
 * collection the database lists, as an anonymous client and as another signed-in user.
 */
const skip = firestoreEmulatorSkipReason();
const PROJECT = 'demo-project';

const SAFE = `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
    match /{collection}/{id} {
      allow read, update, delete: if request.auth != null && request.auth.uid == resource.data.owner;
      allow create: if request.auth != null && request.resource.data.owner == request.auth.uid;
    }
  }
}
`;
/** Nothing a static reader flags, yet any signed-in user may read everyone's orders: only the probes find it. */
const STRANGERS_READ = SAFE.replace(
  'match /{collection}/{id} {',
  'match /orders/{id} {\n      allow read: if request.auth.uid != null;\n    }\n    match /{collection}/{id} {',
);

describe.skipIf(skip)('/audit tries the released rules in the Firestore emulator', () => {
  let emulator: FirestoreEmulator;
  let h: Harness;
  beforeAll(async () => {
    emulator = await startFirestoreEmulator('audit-lab');
    // The emulator's rules engine takes ~14 s over its first evaluation (JVM warm-up); the tests time the bot, not that.
    await createRulesLab(emulator.host).probe(SAFE, [{ collection: 'warm-up', who: 'anonymous', operation: 'read' }]);
    h = await startHarness({ env: { FIRESTORE_RULES_EMULATOR_HOST: emulator.host } });
  });
  afterAll(async () => {
    await h?.stop();
    await emulator?.stop();
  });

  it('reports what an anonymous user and a stranger can read and write, with the request and the decision', async () => {
    const { text } = await auditReport(h);
    for (const collection of ['orders', 'products', 'users']) {
      expect(text).toContain(`Anyone, signed in or not, can read ${collection}`);
      expect(text).toContain(`Anyone, signed in or not, can write ${collection}`);
      expect(text).toContain(`Any signed-in user can write another user's documents in ${collection}`);
    }
    expect(text).toContain(
      'GET …/documents/orders/audit-probe with no token → 200 allowed (released rules, Firestore emulator)',
    );
    expect(text).toContain(
      'PATCH …/documents/users/audit-probe with an ID token of uid audit-stranger → 200 allowed (released rules, Firestore emulator)',
    );
    expect(text).not.toContain('Not checked');
  });

  it('finds nothing in safe rules, and shows the rule change since the last audit as a diff', async () => {
    h.security.rules.release(PROJECT, 'cloud.firestore', SAFE);
    const { text } = await auditReport(h);
    expect(text).not.toMatch(/Test-mode|Any signed-in user|Anyone, signed in|rules-probe/);
    expect(text).toContain('*Rules changed since the last audit:* cloud.firestore in demo-project');
    expect(text).toContain('- ');
    expect(text).toContain(
      '+       allow create: if request.auth != null && request.resource.data.owner == request.auth.uid;',
    );
    expect(text).not.toContain('Not checked');
  });

  it('finds what only trying the rules shows: a stranger reading orders', async () => {
    h.security.rules.release(PROJECT, 'cloud.firestore', STRANGERS_READ);
    const { text } = await auditReport(h);
    expect(text).toContain("HIGH · *Any signed-in user can read another user's documents in orders*");
    expect(text).toContain('GET …/documents/orders/audit-probe with an ID token of uid audit-stranger → 200 allowed');
    expect(text).not.toContain('can read users');
    expect(text).not.toContain('Anyone, signed in or not');
  });
});
