/**
 * Issue 11, finding 4: secrets in logs. Each leak is reproduced through the real app, then every captured
 * log line and answer is searched for the secret in all its forms (as is, URL-encoded, base64).
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OidcIssuer } from '../cost/oidc.js';
import { leakedSecrets, secretForms, startHarness, type Harness } from '../support/harness.js';

/** Characters that change under URL and form encoding: `+`, `/`, `=` and a space. */
const JOB_SECRET = 'Zk9v+Yi/YWz= job secret 0123';
const AUDIENCE = 'https://chatops.example.com/jobs/cost-digest';
const SCHEDULER = 'cost-digest@demo-project.iam.gserviceaccount.com';
/** Put into a forged token's claims: it must show up nowhere. */
const MARKER = 'claim-marker-5Qx7';

const until = async (condition: () => boolean, timeoutMs = 3000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

/** A client that sends the headers and half the body of a budget notification, then hangs up. */
async function hangUpMidBody(port: number, query: string): Promise<void> {
  const socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(
    `POST /hooks/budget?${query}&subscription=budget-alerts HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 4000\r\n\r\n{"message":{"data":"`,
  );
  await new Promise((resolve) => setTimeout(resolve, 50));
  socket.destroy();
}

describe('secrets in logs (issue 11, finding 4)', () => {
  let h: Harness;
  const issuer = new OidcIssuer();
  const answers: string[] = [];
  beforeAll(async () => {
    await issuer.start();
    h = await startHarness({
      env: {
        COST_JOB_SECRET: JOB_SECRET,
        COST_JOB_AUDIENCE: AUDIENCE,
        COST_JOB_INVOKERS: SCHEDULER,
        GOOGLE_OIDC_CERTS_URL: issuer.url,
      },
    });
  });
  afterAll(async () => {
    await h?.stop(); // searches every log line and Slack message for every secret, in every form
    await issuer.close();
  });

  it('the search covers the URL-encoded, form-encoded and base64 forms of a secret', () => {
    const forms = secretForms(JOB_SECRET).map((f) => f.text);
    expect(forms).toContain('Zk9v%2BYi%2FYWz%3D%20job%20secret%200123');
    expect(forms).toContain('Zk9v%2BYi%2FYWz%3D+job+secret+0123');
    expect(forms.some((form) => form.length >= 36 && Buffer.from(JOB_SECRET).toString('base64').startsWith(form))).toBe(
      true,
    );
    const basic = Buffer.from(`user:${JOB_SECRET}`).toString('base64');
    expect(forms.some((form) => basic.includes(form))).toBe(true);
    const leaks = leakedSecrets({
      slack: h.slack,
      settings: h.settings,
      logs: [`{"authorization":"Basic ${basic}"}`, `{"path":"/x?t=${encodeURIComponent(JOB_SECRET)}"}`],
    });
    expect(leaks).toEqual([expect.stringContaining('in the logs')]);
  });

  it.each([
    ['URL-encoded', `token=${encodeURIComponent(JOB_SECRET)}`],
    ['form-encoded', new URLSearchParams({ token: JOB_SECRET }).toString()],
  ])(
    'COST_JOB_SECRET in the ?token= of a request whose client hangs up mid-body (%s) is not logged',
    async (_label, query) => {
      const before = h.logs.length;
      await hangUpMidBody(h.bot.port, query);
      await until(() => h.logs.slice(before).some((line) => line.includes('/hooks/budget')));
      expect(leakedSecrets(h)).toEqual([]);
      const named = h.logs.slice(before).filter((line) => line.includes('/hooks/budget?'));
      for (const line of named) expect(line).toContain('/hooks/budget?token=[redacted]&subscription=[redacted]');
      // A hang-up is one warning that says so, not an error with a stack trace.
      const said = h.logs
        .slice(before)
        .map((line) => JSON.parse(line) as { severity?: string; message?: string; err?: unknown });
      expect(said.filter((l) => l.message?.includes('hung up'))).toEqual([
        expect.objectContaining({ severity: 'WARNING' }),
      ]);
      expect(said.filter((l) => l.severity === 'ERROR' || l.err !== undefined)).toEqual([]);
    },
  );

  it.each([
    [
      'another audience',
      () => issuer.token({ aud: `https://elsewhere.example.com/${MARKER}`, email: `${MARKER}@evil.example` }),
      401,
      /audience/,
    ],
    [
      'an expired token',
      () => issuer.token({ aud: AUDIENCE, email: `${MARKER}@evil.example`, expiresIn: -600 }),
      401,
      /expir/,
    ],
    [
      'a forged signature',
      () => issuer.token({ aud: AUDIENCE, email: `${MARKER}@evil.example` }, OidcIssuer.otherKey()),
      401,
      /signature/,
    ],
    ['a malformed token', () => `${MARKER}.not-base64.${MARKER}`, 401, /malformed/],
    [
      'an invoker not allowed',
      () => issuer.token({ aud: AUDIENCE, email: `${MARKER}@other-project.iam.gserviceaccount.com` }),
      403,
      /invoker not allowed/,
    ],
  ])(
    'an OIDC refusal (%s) names the check that failed, never the token or its claims',
    async (_label, token, status, check) => {
      const before = h.logs.length;
      const bearer = token();
      const response = await fetch(`${h.botUrl}/jobs/cost-digest`, {
        method: 'POST',
        headers: { authorization: `Bearer ${bearer}` },
      });
      const body = await response.text();
      answers.push(body);
      expect(response.status).toBe(status);
      const { error } = JSON.parse(body) as { error: string };
      expect(error).toMatch(check);
      const written = [body, ...h.logs.slice(before)];
      expect(
        written.some((text) => text.includes('request refused') && check.test(text)),
        'the log line names the check',
      ).toBe(true);
      const parts = bearer.split('.');
      for (const text of written) {
        expect(text).not.toContain(MARKER);
        for (const part of parts) expect(text).not.toContain(part);
      }
    },
  );
});

describe('URLs in logs', () => {
  it('SLACK_API_URL with a user and password: the password is nowhere in what the bot writes', async () => {
    // The in-process harness cannot take it (the sandbox sets its own URL); see test/e2e/process-readiness.test.ts for the bundle.
    const { loadSettings } = await import('../../src/config/env.js');
    expect(() => loadSettings({ SLACK_API_URL: 'http://chatops:pa55-word-x@127.0.0.1:9/api/' })).toThrow(
      /SLACK_API_URL: remove the user name and password/,
    );
    try {
      loadSettings({
        SLACK_API_URL: 'http://chatops:pa55-word-x@127.0.0.1:9/api/',
        GITHUB_API_URL: 'https://me:gh-pass-word@127.0.0.1:9',
      });
    } catch (error) {
      expect((error as Error).message).not.toMatch(/pa55-word-x|gh-pass-word/);
      expect((error as Error).message).toMatch(/GITHUB_API_URL/);
    }
  });
});
