import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

const SECRET = 'webhook-secret-for-tests-0123';
const sign = (body: string, secret = SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('POST /github/webhook', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ env: { GITHUB_WEBHOOK_SECRET: SECRET } });
  });
  afterAll(async () => h?.stop());

  const post = (body: string, signature?: string) =>
    fetch(`${h.botUrl}/github/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-github-event': 'workflow_run',
        ...(signature ? { 'x-hub-signature-256': signature } : {}),
      },
      body,
    });

  it('accepts a workflow_run event signed with the secret', async () => {
    const body = JSON.stringify({
      action: 'completed',
      workflow_run: { id: 42, status: 'completed', conclusion: 'success' },
    });
    expect((await post(body, sign(body))).status).toBe(204);
  });

  it('refuses a missing, forged or replayed-with-another-body signature with 401', async () => {
    const body = JSON.stringify({ action: 'completed', workflow_run: { id: 42 } });
    expect((await post(body)).status).toBe(401);
    expect((await post(body, sign(body, 'another-secret-entirely'))).status).toBe(401);
    expect((await post(`${body} `, sign(body))).status).toBe(401);
    expect(h.logs.some((l) => l.includes('bad or missing signature'))).toBe(true);
  });
});

describe('without GITHUB_WEBHOOK_SECRET', () => {
  it('does not serve the webhook at all: an unverifiable webhook is never trusted', async () => {
    const h = await startHarness();
    const response = await fetch(`${h.botUrl}/github/webhook`, { method: 'POST', body: '{}' });
    await h.stop();
    expect(response.status).toBe(404);
  });
});
