import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRulesLab } from '../../src/adapters/firebase-rules/emulator-lab.js';
import { auditReport, everythingWritten } from '../audit/support.js';
import { JO, requestDeploy } from '../support/deploy-helpers.js';
import { fixedClock } from '../support/fixed-clock.js';
import {
  type FirestoreEmulator,
  firestoreEmulatorSkipReason,
  startFirestoreEmulator,
} from '../support/firestore-emulator.js';
import { secretForms, startHarness, textOf, type Harness } from '../support/harness.js';

/**
 * The secrets search: the plaintext token planted in the demo's env vars, and a secret in a rules file comment,
 * are searched in every form (as is, JSON-escaped, URL-encoded, base64) in everything the run wrote: the reports
 * and every other Slack message, every log line of the bot, the job entry's answers, and this test process's own
 * output (stdout and stderr, captured while it runs).
 */
const RULES_SECRET = 'rules-comment-secret-7Hq2Lm9Xv4';
const RULES = `rules_version = '2';
// deploy key: ${RULES_SECRET}
service cloud.firestore {
  match /databases/{database}/documents {
    match /{document=**} { allow read, write: if true; }
  }
}
`;

describe('no planted secret appears in any report, log or test output', () => {
  let h: Harness;
  let emulator: FirestoreEmulator | undefined;
  const output: string[] = [];
  const answers: string[] = [];
  const writes = { out: process.stdout.write.bind(process.stdout), err: process.stderr.write.bind(process.stderr) };
  beforeAll(async () => {
    const capture = (write: typeof writes.out) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        output.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
        return (write as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
      }) as typeof process.stdout.write;
    process.stdout.write = capture(writes.out);
    process.stderr.write = capture(writes.err);
    if (!firestoreEmulatorSkipReason()) {
      emulator = await startFirestoreEmulator('audit-secrets');
      await createRulesLab(emulator.host).probe(RULES, [
        { collection: 'warm-up', who: 'anonymous', operation: 'read' },
      ]);
    }
    h = await startHarness({
      clock: fixedClock('2026-11-23T07:00:05Z'), // Monday 08:00:05 in Berlin: the digest is due
      env: {
        COST_JOB_SECRET: 'audit-job-secret-0123456789',
        ...(emulator ? { FIRESTORE_RULES_EMULATOR_HOST: emulator.host } : {}),
      },
    });
  });
  afterAll(async () => {
    process.stdout.write = writes.out;
    process.stderr.write = writes.err;
    await h?.stop();
    await emulator?.stop();
  });

  it('/audit, then new rules with a key in a comment: the diff shows the change, the key redacted', async () => {
    await auditReport(h);
    h.security.rules.release('demo-project', 'cloud.firestore', RULES);
    const { text } = await auditReport(h);
    expect(text).toContain('PAYMENT_API_TOKEN = [value not shown]');
    expect(text).toContain('Anyone on the internet can read, write /{document=**}');
    expect(text).toMatch(/\+ \/\/ deploy key: \[redacted sha256:[0-9a-f]{8}\]/);
  });

  it('/audit for one service', async () => {
    expect((await auditReport(h, '/audit api')).text).toContain('PAYMENT_API_TOKEN');
  });

  it('the digest over HTTP', async () => {
    const response = await fetch(`${h.botUrl}/jobs/security-audit`, {
      method: 'POST',
      headers: { 'x-chatops-secret': 'audit-job-secret-0123456789' },
    });
    answers.push(await response.text());
    expect(JSON.parse(answers[0] ?? '{}')).toMatchObject({ ok: true, status: 'posted' });
  });

  it('a prod plan', async () => {
    expect(textOf(await requestDeploy(h, 'worker prod', JO))).toContain('No open CRITICAL security finding');
  });

  it('finds none of them anywhere, in any form', () => {
    const planted = [...h.security.planted, RULES_SECRET];
    expect(JSON.stringify(h.cloudRun.getService('api'))).toContain(h.security.planted[0]); // the search string is real
    const haystacks = {
      'Slack messages and log lines': everythingWritten(h),
      'job answers': answers.join('\n'),
      'test output': output.join(''),
    };
    const found = planted.flatMap((secret) =>
      secretForms(secret).flatMap((form) =>
        Object.entries(haystacks)
          .filter(([, text]) => text.includes(form.text))
          .map(([where]) => `${secret.slice(0, 6)}… ${form.name} in ${where}`),
      ),
    );
    expect(found).toEqual([]);
  });
});
