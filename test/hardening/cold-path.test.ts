/**
 * Cold start and the first vendor call (issue 11, finding 9). Nothing heavy loads before the bot listens (module
 * top levels stay cheap); the vendor clients the config uses load after that and before `/readyz` says ready, so
 * traffic gated on it (Cloud Run's startup probe) never waits behind them: serving the first `/ops status` and a
 * deploy plan afterwards loads no vendor module at all. Order only, no times: `npm run bench` measures those.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOT_MAIN, botEnv, freePort, spawnServer } from '../../bench/processes.js';
import { loadSettings } from '../../src/config/env.js';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox.js';
import { exampleConfigForTests } from '../support/test-config.js';

const HEAVY =
  /\/node_modules\/(@google-cloud\/[^/]+|google-gax|google-auth-library|gaxios|firebase-admin|@firebase\/[^/]+|@grpc\/[^/]+|protobufjs|@octokit\/[^/]+|@resvg\/[^/]+|pino-pretty)\//;
const heavyIn = (modules: string[]): string[] => [
  ...new Set(modules.filter((m) => HEAVY.test(m)).map((m) => HEAVY.exec(m)![1]!)),
];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const dir = mkdtempSync(join(tmpdir(), 'chatops-cold-'));
let sandbox: Sandbox | undefined;
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the start and the first vendor call', () => {
  it('loads no vendor client before listening, warms them before /readyz says ready, and none on the ack path after', async () => {
    sandbox = await startSandbox(loadSettings({ PORT: '0', LOG_LEVEL: 'silent' }));
    const port = await freePort();
    const record = join(dir, 'modules.json');
    const env = {
      ...botEnv(sandbox, { port, dataDir: dir }),
      CHATOPS_CONFIG: exampleConfigForTests(),
      RECORD_MODULES_TO: record,
    };
    const server = spawnServer(BOT_MAIN, env, {
      nodeArgs: ['--import', join(import.meta.dirname, 'record-modules.mjs')],
    });
    let readyz: { status: number; body: string } | undefined;
    for (let i = 0; i < 1000 && readyz?.status !== 200; i += 1) {
      await sleep(20);
      readyz = await fetch(`http://127.0.0.1:${port}/readyz`)
        .then(async (r) => ({ status: r.status, body: await r.text() }))
        .catch(() => undefined);
    }
    expect(readyz?.status, `${readyz?.body}\n${server.output()}`).toBe(200);
    server.child.kill('SIGUSR2'); // marks "ready" in the module list
    for (let i = 0; i < 500 && !existsSync(`${record}.mark`); i += 1) await sleep(10);

    await sandbox.connect(port);
    const slack = sandbox.slack;
    const before = slack.workspace.messages.length;
    expect((await slack.slashCommand({ text: '/ops status', channel: 'ops' })).ok).toBe(true);
    expect((await slack.slashCommand({ text: '/deploy api staging', channel: 'ops' })).ok).toBe(true);
    const posted = (start: string) => () =>
      slack.workspace.messages.slice(before).find((m) => m.text.startsWith(start));
    await slack.waitFor(posted('Service Status'), 10_000);
    await slack.waitFor(posted('Deployment Plan: api → staging'), 10_000);
    const exit = await server.stop('SIGTERM');
    expect(exit.code).toBe(0);

    const modules = JSON.parse(readFileSync(record, 'utf8')) as string[];
    expect(modules.some((m) => m.includes('/node_modules/pino/'))).toBe(true); // the recording works (pino stays outside the bundle)
    const listening = modules.indexOf('mark:listening');
    const ready = modules.indexOf('mark:signal');
    expect(listening).toBeGreaterThan(0);
    expect(ready).toBeGreaterThan(listening);
    expect(heavyIn(modules.slice(0, listening)), 'vendor modules loaded before the bot listened').toEqual([]);
    const warmed = modules.slice(listening, ready);
    expect(heavyIn(warmed)).toEqual(expect.arrayContaining(['@google-cloud/run', 'google-gax', '@octokit/rest']));
    expect(heavyIn(modules.slice(ready)), 'vendor modules loaded on the ack path after /readyz said ready').toEqual([]);
    // Only the two Cloud Run clients the bot uses, by path: not the package index, which loads all eight.
    const runFiles = warmed.filter((m) => m.includes('/@google-cloud/run/build/src/') && m.endsWith('.js'));
    expect(runFiles.map((m) => m.split('/build/src/')[1]).sort()).toEqual([
      'v2/revisions_client.js',
      'v2/services_client.js',
    ]);
  }, 60_000);
});
