/**
 * Cold start: nothing heavy loads between `node dist/bundle/main.js` and the first acked command. The vendor
 * clients (Cloud Run / google-gax, Firestore / firebase-admin, BigQuery, Octokit, the chart renderer) load
 * on first use; a feature that imports one at module top level fails here. `npm run bench` measures the time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BOT_MAIN, botEnv, freePort, spawnServer } from '../../bench/processes.js';
import { loadSettings } from '../../src/config/env.js';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox.js';
import { exampleConfigForTests } from '../support/test-config.js';

const HEAVY =
  /\/node_modules\/(@google-cloud\/|google-gax\/|google-auth-library\/|gaxios\/|firebase-admin\/|@firebase\/|@grpc\/|protobufjs\/|@octokit\/|@resvg\/|pino-pretty\/)/;
const dir = mkdtempSync(join(tmpdir(), 'chatops-cold-'));
let sandbox: Sandbox | undefined;
afterAll(async () => {
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the start and ack path', () => {
  it('loads no vendor client before the first slash command is acked', async () => {
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
    await sandbox.connect(port);
    let answer: Awaited<ReturnType<typeof sandbox.slack.slashCommand>> | undefined;
    for (let i = 0; i < 500; i += 1) {
      answer = await sandbox.slack.slashCommand({ text: '/ops help', channel: 'ops' }).catch(() => undefined);
      if (answer?.ok) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(answer?.ok, server.output()).toBe(true);
    expect(answer?.body).toContain('ChatOps commands'); // answered in the ack
    const exit = await server.stop('SIGTERM');
    expect(exit.code).toBe(0);
    const modules = JSON.parse(readFileSync(record, 'utf8')) as string[];
    expect(modules.some((m) => m.includes('/node_modules/pino/'))).toBe(true); // the recording works (pino stays outside the bundle)
    const heavy = [...new Set(modules.filter((m) => HEAVY.test(m)).map((m) => HEAVY.exec(m)![1]))];
    expect(heavy, 'vendor clients loaded at start-up').toEqual([]);
  }, 30_000);
});
