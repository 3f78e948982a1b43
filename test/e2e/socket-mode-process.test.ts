/**
 * Socket Mode start-up and shutdown: a refused app token stops the start at once with a line naming
 * SLACK_APP_TOKEN, in-process and as `node dist/bundle/main.js`; the process connects, serves, and closes its
 * socket on SIGTERM. (npm test builds dist/ first.)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:net';
import { freePort } from '../../bench/processes.js';
import { startBot } from '../../src/bot.js';
import { createSlackApp } from '../../src/app/slack-app.js';
import { loadSettings } from '../../src/config/env.js';
import { loadConfigFile } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/config/issues.js';
import { createLogger } from '../../src/logging/logger.js';
import { SlackStandin } from '../../sandbox/slack/standin.js';
import { textOf } from '../support/harness.js';
import { exampleConfigForTests } from '../support/test-config.js';

const MAIN = 'dist/bundle/main.js';
const BOT_TOKEN = 'xoxb-socket-proc-0001';
const APP_TOKEN = 'xapp-1-A0CHATOPS01-socket-proc-0001';
const WRONG_APP_TOKEN = 'xapp-1-A0CHATOPS01-revoked-0002';

let slack: SlackStandin;
const dirs: string[] = [];
beforeAll(async () => {
  slack = new SlackStandin({ signingSecret: 'unused-in-socket-mode', botToken: BOT_TOKEN, appToken: APP_TOKEN });
  await slack.start();
});
afterAll(async () => {
  await slack?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const opens = () => slack.calls.filter((c) => c.method === 'apps.connections.open').length;

describe('a refused app token', () => {
  it('in-process: the start fails at once with a line naming SLACK_APP_TOKEN, and nothing keeps trying', async () => {
    const lines: string[] = [];
    const log = await createLogger({
      level: 'debug',
      secrets: [WRONG_APP_TOKEN],
      destination: { write: (line: string) => void lines.push(line) },
    });
    const app = createSlackApp({ kind: 'socket', botToken: BOT_TOKEN, appToken: WRONG_APP_TOKEN }, slack.apiUrl, log);
    const before = opens();
    const started = Date.now();
    const error = await app.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(
      "The environment is not valid:\n  - SLACK_APP_TOKEN: Slack refused it for Socket Mode (invalid_auth); use the app-level token (xapp-…) with the connections:write scope, from the app's Basic Information page",
    );
    await new Promise((r) => setTimeout(r, 1500));
    expect(opens()).toBe(before + 1); // no retry loop, no reconnect
    expect(slack.socket.accepted).toBe(0);
    expect(lines.join('\n')).not.toContain(WRONG_APP_TOKEN);
    await app.stop(); // harmless after a failed start
  });

  it('startBot: the start rejects and leaves nothing open behind it (the port is free again)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'chatops-socket-fail-'));
    dirs.push(dataDir);
    const port = await freePort();
    const settings = loadSettings({
      PORT: String(port),
      CHATOPS_DATA_DIR: dataDir,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_APP_TOKEN: WRONG_APP_TOKEN,
      SLACK_API_URL: slack.apiUrl,
      LOG_LEVEL: 'silent',
    });
    if (settings.slack.kind === 'sandbox') throw new Error('expected Socket Mode settings');
    const log = await createLogger({
      level: 'silent',
      secrets: [WRONG_APP_TOKEN],
      destination: { write: () => undefined },
    });
    const error = await startBot({
      settings: { ...settings, slack: settings.slack },
      config: loadConfigFile('chatops.example.yml'),
      log,
      host: '127.0.0.1',
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ConfigError);
    const server = createServer();
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
    await new Promise((resolve) => server.close(resolve));
  });
});

describe('node dist/bundle/main.js in Socket Mode', () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);

  it('exits 1 with the line, no stack trace and no token, within seconds', async () => {
    const started = Date.now();
    const result = await run({ SLACK_APP_TOKEN: WRONG_APP_TOKEN });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SLACK_APP_TOKEN: Slack refused it for Socket Mode (invalid_auth)');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout + result.stderr).not.toContain(WRONG_APP_TOKEN);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('connects, says so, reports mode socket, answers /ops help over the socket, and closes the socket on SIGTERM', async () => {
    const accepted = slack.socket.accepted;
    let health: Record<string, unknown> = {};
    let help = '';
    const result = await run({ SLACK_APP_TOKEN: APP_TOKEN }, /health check on :(\d+)\/healthz/, async (port) => {
      health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
      const answer = await slack.slashCommand({ text: '/ops help', channel: 'general', user: 'U0ALEX0001' });
      expect(answer.ok).toBe(true);
      help = textOf(slack.messagesIn('general').at(-1));
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Connected to Slack over Socket Mode');
    expect(health).toMatchObject({ ok: true, mode: 'socket' });
    expect(help).toContain('/ops status [service]');
    expect(slack.socket.accepted).toBe(accepted + 1);
    expect(slack.socket.closed).toContainEqual({ connection: accepted + 1, code: 1000 }); // a normal closure, not a dropped connection
    expect(slack.socket.openConnections).toBe(0);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the bot against the stand-in (other backends on a closed loopback port); `then` runs once `until` matches stdout, then SIGTERM. */
function run(env: Record<string, string>, until?: RegExp, then?: (match: string) => Promise<void>): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-socket-'));
  dirs.push(dir);
  const fullEnv = {
    PATH: process.env.PATH ?? '',
    METADATA_SERVER_DETECTION: 'none',
    PORT: '0',
    CHATOPS_DATA_DIR: dir,
    CHATOPS_CONFIG: exampleConfigForTests(),
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    GITHUB_API_URL: 'http://127.0.0.1:9',
    CLOUD_RUN_API_ENDPOINT: 'http://127.0.0.1:9',
    BIGQUERY_API_ENDPOINT: 'http://127.0.0.1:9',
    ...env,
  };
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', MAIN], {
      env: fullEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      const before = stdout;
      stdout += chunk.toString();
      const match = until?.exec(stdout);
      if (match && !until?.test(before))
        then?.(match[1] ?? '').then(
          () => child.kill('SIGTERM'),
          (error: unknown) => (child.kill('SIGTERM'), fail(error)),
        );
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr });
    });
  });
}
