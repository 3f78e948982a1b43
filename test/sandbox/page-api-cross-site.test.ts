/**
 * Issue 11, finding 8: the sandbox page's API must not be drivable from another site. A form on
 * https://evil.example could POST to http://localhost:3000/sandbox/api/… (a "simple" request: no preflight),
 * switch the acting user and run slash commands as them. Now: JSON only, and only from the page's own origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKS } from '../../src/domain/lock.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

function post(path: string, body: string, headers: Record<string, string>): Promise<Response> {
  return fetch(`${h.botUrl}/sandbox/api/${path}`, { method: 'POST', body, headers });
}

/** Everything the attack could have changed. */
async function snapshot() {
  const ws = h.slack.workspace;
  return {
    user: ws.currentUserId,
    messages: ws.messages.length,
    views: ws.views.length,
    locks: (await h.bot.store.list(LOCKS)).length,
    audit: (await h.bot.store.queryAudit({})).length,
  };
}

describe('the sandbox page API refuses cross-site requests', () => {
  it('a form POST from https://evil.example switches no user and runs no command', async () => {
    const before = await snapshot();
    const evil = { 'content-type': FORM, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' };
    const switched = await post('user', 'userId=U0SAM00002', evil);
    const command = await post(
      'command',
      `channel=ops&text=${encodeURIComponent('/deploy lock api prod --for 24h mine now')}`,
      evil,
    );
    expect([switched.status, command.status]).toEqual([403, 403]);
    expect((await switched.json()) as unknown).toMatchObject({
      ok: false,
      error: expect.stringContaining('cross-site'),
    });
    await new Promise((resolve) => setTimeout(resolve, 300)); // anything the bot would have done by now
    expect(await snapshot()).toEqual(before);
  });

  it('a form POST without Origin (an old browser, curl) gets 415: JSON only', async () => {
    const before = await snapshot();
    const answer = await post('user', 'userId=U0SAM00002', { 'content-type': FORM });
    expect(answer.status).toBe(415);
    expect(await answer.json()).toMatchObject({ ok: false, error: expect.stringContaining('application/json') });
    const plain = await post('command', JSON.stringify({ channel: 'ops', text: '/ops help' }), {
      'content-type': 'text/plain',
    });
    expect(plain.status).toBe(415);
    expect(await snapshot()).toEqual(before);
  });

  it('JSON from another origin, or marked cross-site by the browser, is refused too', async () => {
    const before = await snapshot();
    const body = JSON.stringify({ userId: 'U0SAM00002' });
    expect((await post('user', body, { 'content-type': JSON_TYPE, origin: 'https://evil.example' })).status).toBe(403);
    expect((await post('user', body, { 'content-type': JSON_TYPE, origin: 'null' })).status).toBe(403);
    expect((await post('user', body, { 'content-type': JSON_TYPE, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await post('user', body, { 'content-type': JSON_TYPE, 'sec-fetch-site': 'same-site' })).status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('a page reached through another host name (DNS rebinding) is refused, reads included', async () => {
    const before = await snapshot();
    const { request } = await import('node:http');
    const status = (method: string, path: string, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(
          `${h.botUrl}${path}`,
          {
            method,
            headers: {
              host: `evil.example:${h.bot.port}`,
              origin: `http://evil.example:${h.bot.port}`,
              'content-type': JSON_TYPE,
            },
          },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    expect(await status('POST', '/sandbox/api/user', JSON.stringify({ userId: 'U0SAM00002' }))).toBe(403);
    expect(await status('GET', '/sandbox/api/state')).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('the page itself still works: JSON from its own origin (as app.js sends it), or with no Origin at all', async () => {
    const own = { 'content-type': JSON_TYPE, origin: h.botUrl, 'sec-fetch-site': 'same-origin' };
    expect((await post('user', JSON.stringify({ userId: 'U0SAM00002' }), own)).status).toBe(200);
    expect(h.slack.workspace.currentUserId).toBe('U0SAM00002');
    const localhost = { ...own, origin: h.botUrl.replace('127.0.0.1', 'localhost') };
    const viaLocalhost = await fetch(`${h.botUrl.replace('127.0.0.1', 'localhost')}/sandbox/api/user`, {
      method: 'POST',
      headers: localhost,
      body: JSON.stringify({ userId: 'U0ALEX0001' }),
    }).catch(() => undefined);
    if (viaLocalhost) expect(viaLocalhost.status).toBe(200); // where localhost resolves to 127.0.0.1
    expect(
      (
        await post('user', JSON.stringify({ userId: 'U0ALEX0001' }), {
          'content-type': 'application/json; charset=utf-8',
        })
      ).status,
    ).toBe(200);
    expect(h.slack.workspace.currentUserId).toBe('U0ALEX0001');
    const state = await fetch(`${h.botUrl}/sandbox/api/state`);
    expect(state.status).toBe(200);
  });
});
