/** GET /readyz (issue 11, finding 5) in process: the store and Slack, each named when it fails; /healthz stays liveness. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

describe('GET /readyz', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => h?.stop());

  const get = async (path: string) => {
    const response = await fetch(`${h.botUrl}${path}`);
    return {
      status: response.status,
      body: (await response.json()) as Record<string, unknown>,
      cache: response.headers.get('cache-control'),
    };
  };

  it('answers 200 once the store answers and Slack has accepted the token', async () => {
    expect(await get('/readyz')).toEqual({ status: 200, body: { ready: true, failing: [] }, cache: 'no-store' });
  });

  it('answers 503 naming the store when it does not answer, while /healthz still says the process is alive', async () => {
    await h.bot.store.close();
    expect(await get('/readyz')).toMatchObject({
      status: 503,
      body: { ready: false, failing: ['store: sqlite read failed (unavailable)'] },
    });
    expect(await get('/healthz')).toMatchObject({ status: 200, body: { ok: true } });
  });
});
