import { describe, expect, it } from 'vitest';
import { allowStatements, staticRuleFindings } from '../../../src/domain/audit-rules.js';

const NOW = new Date('2026-12-07T12:00:00Z');
const firestore = (body: string) => `rules_version = '2';
service cloud.firestore {
  match /databases/{database}/documents {
${body}
  }
}`;

describe('static rules findings', () => {
  it('reads allow statements with their full match path and line', () => {
    const allows = allowStatements(
      firestore('    match /users/{uid} {\n      allow read: if request.auth.uid == uid;\n    }'),
    );
    expect(allows).toEqual([
      {
        operations: 'read',
        condition: 'request.auth.uid == uid',
        line: 5,
        match: '/databases/{database}/documents/users/{uid}',
      },
    ]);
  });

  it('flags `if true` and a bare allow on a wildcard match as CRITICAL when they allow writes', () => {
    const found = staticRuleFindings(
      'cloud.firestore',
      'firestore.rules',
      firestore('    match /orders/{id} { allow read, write: if true; }\n    match /carts/{id} { allow write; }'),
      NOW,
    );
    expect(
      found.map((f) => [
        f.severity,
        f.detail.kind,
        'site' in f.detail && 'match' in f.detail.site && f.detail.site.match,
      ]),
    ).toEqual([
      ['critical', 'rules-open', '/orders/{id}'],
      ['critical', 'rules-open', '/carts/{id}'],
    ]);
  });

  it('flags `request.auth != null` alone as CRITICAL: any signed-in user of any app', () => {
    const [f] = staticRuleFindings(
      'cloud.firestore',
      'f',
      firestore('    match /users/{uid} { allow read: if request.auth != null; }'),
      NOW,
    );
    expect(f?.severity).toBe('critical');
    expect(f?.detail).toMatchObject({ kind: 'rules-open', condition: 'request.auth != null', operations: 'read' });
  });

  it('flags a public read-only rule as HIGH', () => {
    const [f] = staticRuleFindings(
      'cloud.firestore',
      'f',
      firestore('    match /products/{id} { allow read: if true; }'),
      NOW,
    );
    expect(f?.severity).toBe('high');
  });

  it('says how many days test mode stays open (CRITICAL), and an expired one locks everyone out (HIGH)', () => {
    const open = staticRuleFindings(
      'cloud.firestore',
      'f',
      firestore(
        '    match /{document=**} {\n      allow read, write: if request.time < timestamp.date(2026, 12, 28);\n    }',
      ),
      NOW,
    );
    expect(open).toEqual([
      expect.objectContaining({
        severity: 'critical',
        detail: expect.objectContaining({ kind: 'rules-test-mode', until: '2026-12-28', daysLeft: 21 }),
      }),
    ]);
    const past = staticRuleFindings(
      'cloud.firestore',
      'f',
      firestore('    match /{document=**} { allow read, write: if request.time < timestamp.date(2026, 11, 1); }'),
      NOW,
    );
    expect(past[0]).toMatchObject({ severity: 'high', detail: { kind: 'rules-expired', daysAgo: 36 } });
  });

  it('finds nothing in owner-only rules, comments included', () => {
    const safe = firestore(`    // allow read, write: if true;   (commented out)
    match /users/{uid} {
      allow read, write: if request.auth != null && request.auth.uid == uid;
    }
    match /orders/{id} {
      allow read: if request.auth != null && resource.data.owner == request.auth.uid;
      allow create: if request.auth != null && request.resource.data.owner == request.auth.uid;
    }`);
    expect(staticRuleFindings('cloud.firestore', 'f', safe, NOW)).toEqual([]);
  });

  it('reads Storage rules the same way', () => {
    const storage = `rules_version = '2';
service firebase.storage {
  match /b/{bucket}/o {
    match /{allPaths=**} { allow read, write: if request.auth != null; }
  }
}`;
    const [f] = staticRuleFindings('firebase.storage/demo.appspot.com', 'storage.rules', storage, NOW);
    expect(f).toMatchObject({
      severity: 'critical',
      detail: { kind: 'rules-open', site: { match: '/{allPaths=**}', line: 4 } },
    });
  });
});
