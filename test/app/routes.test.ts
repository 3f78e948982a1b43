/**
 * The route table features register their HTTP entries on: POST only, one handler a path, and a job entry only
 * for a path whose callers the settings name. (What a job entry admits is tested over HTTP: test/hardening/
 * job-audiences.test.ts, test/e2e/cost-digest.test.ts.)
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RouteTable } from '../../src/app/routes.js';
import { createLogger } from '../../src/logging/logger.js';

const DIGEST = { path: '/jobs/digest', audiences: [], audienceVariable: 'DIGEST_JOB_AUDIENCE' };
const SECRET = 'route-table-secret-0123456789';

async function table() {
  const log = await createLogger({ level: 'silent', secrets: [], destination: { write: () => undefined } });
  const verify = async () => ({ emailVerified: false });
  return new RouteTable({ callers: { secret: SECRET, invokers: [] }, endpoints: [DIGEST], verify }, log);
}

describe('RouteTable', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    const routes = await table();
    routes.job('/jobs/digest', async (_req, res, caller) => void res.writeHead(200).end(caller));
    routes.post('/hooks/plain', async (_req, res) => void res.writeHead(204).end());
    server = createServer(async (req, res) => {
      if (!(await routes.serve(req, res))) res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('serves each path with its handler, POST only, and leaves other paths to the next entry', async () => {
    expect((await fetch(`${url}/hooks/plain`, { method: 'POST' })).status).toBe(204);
    const get = await fetch(`${url}/hooks/plain`);
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
    expect((await fetch(`${url}/elsewhere`, { method: 'POST' })).status).toBe(404);
  });

  it('admits a job entry with the job auth first', async () => {
    expect((await fetch(`${url}/jobs/digest`, { method: 'POST' })).status).toBe(401);
    const admitted = await fetch(`${url}/jobs/digest?token=${SECRET}`, { method: 'POST' });
    expect([admitted.status, await admitted.text()]).toEqual([200, 'shared secret']);
  });

  it('refuses at start a second handler for a path, and a job path the settings do not name', async () => {
    const routes = await table();
    routes.post('/hooks/plain', async () => undefined);
    expect(() => routes.post('/hooks/plain', async () => undefined)).toThrow('a second route');
    expect(() => routes.job('/jobs/unknown', async () => undefined)).toThrow('no job endpoint in the settings');
  });
});
