import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listen } from '../../sandbox/http.js';

describe('loopback guard', () => {
  it('refuses a connection to a non-loopback address', async () => {
    const error = await new Promise<Error>((resolve) => {
      const req = request({ host: '192.0.2.1', port: 80, path: '/' }, () => resolve(new Error('connected')));
      req.on('error', resolve);
      req.end();
    });
    expect(error.message).toMatch(/only use loopback/);
  });

  it('refuses fetch to a public host name', async () => {
    const error = await fetch('http://example.com/').catch((e: Error) => e);
    expect(String((error as Error & { cause?: Error }).cause?.message)).toMatch(/only use loopback/);
  });

  it('lets loopback through', async () => {
    const server = await listen((_req, res) => {
      res.end('hi');
    });
    const text = await (await fetch(server.url)).text();
    await server.close();
    expect(text).toBe('hi');
  });
});
