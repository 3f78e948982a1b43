/**
 * The bot as `node dist/bundle/main.js`, the way the Dockerfile starts it, and the sandbox's entry
 * `node dist/sandbox-bundle/main.js`, the way `npm start` starts it (npm test builds dist/ first).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = 'dist/bundle/main.js';
const SANDBOX_MAIN = 'dist/sandbox-bundle/main.js';
const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-proc-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(
  env: Record<string, string>,
  untilStdout?: RegExp,
  then?: (stdout: string) => Promise<void>,
  args: string[] = [],
  entry = MAIN,
): Promise<Run> {
  return runWith(env, args, untilStdout, then, entry);
}

function runWith(
  env: Record<string, string>,
  args: string[],
  untilStdout?: RegExp,
  then?: (stdout: string) => Promise<void>,
  entry = MAIN,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', entry, ...args], {
      env: { PATH: process.env.PATH ?? '', METADATA_SERVER_DETECTION: 'none', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let triggered = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (untilStdout && !triggered && untilStdout.test(stdout)) {
        triggered = true;
        then?.(stdout).then(() => child.kill('SIGTERM'), reject);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('node dist/bundle/main.js', () => {
  for (const entry of [MAIN, SANDBOX_MAIN])
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does)`);

  it('--check validates a config and exits: 0 with its services, or 1 with every problem by key path', async () => {
    const good = await runWith({}, ['--check', 'chatops.example.yml']);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain(
      'chatops.example.yml is valid: 3 service(s): api (staging, prod), web (staging, prod), worker (staging, prod).',
    );
    const path = join(tempDir(), 'chatops.yml');
    writeFileSync(
      path,
      (await import('node:fs'))
        .readFileSync('chatops.example.yml', 'utf8')
        .replace('minApprovals: 1', 'minApprovals: 0'),
    );
    const bad = await runWith({ CHATOPS_CONFIG: path }, ['--check']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('services.api.environments.prod.minApprovals: expected a number ≥ 1');
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it('--check with NODE_COMPILE_CACHE leaves a compile cache behind (what the Docker build relies on)', async () => {
    const cache = join(tempDir(), 'compile-cache');
    const result = await runWith({ NODE_COMPILE_CACHE: cache }, ['--check', 'chatops.example.yml']);
    expect(result.code).toBe(0);
    const { readdirSync } = await import('node:fs');
    const files = readdirSync(cache, { recursive: true, withFileTypes: true }).filter((f) => f.isFile());
    expect(files.length).toBeGreaterThan(0);
  });

  it('exits non-zero on a bad config, naming the key path, without a stack trace', async () => {
    const dir = tempDir();
    const path = join(dir, 'chatops.yml');
    writeFileSync(
      path,
      (await import('node:fs'))
        .readFileSync('chatops.example.yml', 'utf8')
        .replace('minApprovals: 1', 'minApprovals: 0'),
    );
    const result = await run(
      { CHATOPS_CONFIG: path, CHATOPS_DATA_DIR: dir, PORT: '0' },
      undefined,
      undefined,
      [],
      SANDBOX_MAIN,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('services.api.environments.prod.minApprovals: expected a number ≥ 1');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits non-zero on a bad environment, naming the variable and not its value', async () => {
    const result = await run({
      PORT: 'eighty',
      SLACK_BOT_TOKEN: 'xoxp-not-a-bot-token',
      SLACK_SIGNING_SECRET: 'abcdefgh123',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('PORT: expected a number');
    expect(result.stderr).toContain('SLACK_BOT_TOKEN: expected a bot token starting with xoxb-');
    expect(result.stderr).not.toContain('xoxp-not-a-bot-token');
  });

  it('exits non-zero outside the sandbox without CHATOPS_CONFIG', async () => {
    const result = await run({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh123', PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CHATOPS_CONFIG: required outside the sandbox');
  });

  it('the product entry with no Slack tokens exits 1, naming SLACK_BOT_TOKEN and the sandbox', async () => {
    const result = await run({ PORT: '0', CHATOPS_DATA_DIR: tempDir() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('SLACK_BOT_TOKEN: required');
    expect(result.stderr).toContain('`npm start` in a checkout runs the sandbox');
    expect(result.stdout).not.toContain('Sandbox mode');
  });

  it("the sandbox's entry with Slack tokens is the product's: it exits without CHATOPS_CONFIG", async () => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'abcdefgh123', PORT: '0' };
    const result = await run(env, undefined, undefined, [], SANDBOX_MAIN);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('CHATOPS_CONFIG: required outside the sandbox');
  });

  it('the sandbox entry starts the sandbox with no tokens, prints the URL and mode, serves the page, and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    let page = '';
    let health: Record<string, unknown> = {};
    const started = Date.now();
    const result = await run(
      { PORT: '0', CHATOPS_DATA_DIR: dir },
      /Open http:\/\/localhost:(\d+)\//,
      async (stdout) => {
        const port = /localhost:(\d+)/.exec(stdout)?.[1];
        page = await (await fetch(`http://127.0.0.1:${port}/`)).text();
        health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as Record<string, unknown>;
      },
      [],
      SANDBOX_MAIN,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Sandbox mode (no Slack tokens set)');
    expect(page).toContain('<html');
    expect(health).toMatchObject({ ok: true, mode: 'sandbox', store: 'sqlite' });
    expect(result.stdout).toContain('shutting down');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(existsSync(join(dir, 'chatops.sqlite'))).toBe(true);
  });
});
