/**
 * Issue 11, finding 5 (and the SLACK_API_URL leak of finding 4): the bundle as the Dockerfile starts it, in
 * HTTP mode against the stand-ins. A refused bot token stops the start; a Slack outage at start does not,
 * and /readyz says so until Slack accepts the token.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BOT_MAIN, botEnv, freePort, spawnServer, type ServerProcess } from '../../bench/processes.js';
import { loadSettings } from '../../src/config/env.js';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox.js';

const STACK = /\n\s+at [\w$.<>]+ \(?[^)\s]*:\d+:\d+\)?/;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(
  prepare: (sandbox: Sandbox) => void,
  env: Record<string, string> = {},
): Promise<{ sandbox: Sandbox; bot: ServerProcess; authTests: () => number }> {
  const sandbox = await startSandbox(loadSettings({ PORT: '0', LOG_LEVEL: 'silent' }));
  let authTests = 0;
  const take = sandbox.slack.faults.take.bind(sandbox.slack.faults);
  sandbox.slack.faults.take = (key) => {
    if (key === 'auth.test') authTests += 1;
    return take(key);
  };
  prepare(sandbox);
  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-ready-'));
  const port = await freePort();
  const bot = spawnServer(
    BOT_MAIN,
    { ...botEnv(sandbox, { port, dataDir, logLevel: 'info' }), ...env },
    { captureStdout: true },
  );
  cleanups.push(async () => {
    await bot.stop('SIGKILL');
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  await sandbox.connect(port);
  return { sandbox, bot, authTests: () => authTests };
}

const get = async (bot: ServerProcess, path: string): Promise<{ status: number; body: string } | undefined> =>
  fetch(`http://127.0.0.1:${bot.port}${path}`).then(
    async (r) => ({ status: r.status, body: await r.text() }),
    () => undefined,
  );

/** Polls until `check` holds or the bot exits; 20 s at most (a bundle's start on a busy machine). */
async function until(bot: ServerProcess, check: () => Promise<boolean>): Promise<void> {
  let exited = false;
  void bot.exited.then(() => (exited = true));
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline && !exited) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`gave up waiting${exited ? ' (the bot exited)' : ''}:\n${bot.output()}`);
}

describe('auth.test at start, and /readyz (node dist/bundle/main.js)', () => {
  if (!existsSync(BOT_MAIN)) throw new Error(`${BOT_MAIN} is missing: run \`npm run build\` first (npm test does)`);

  it.each(['token_revoked', 'invalid_auth', 'account_inactive'])(
    'a bot token Slack refuses (%s) stops the start with a line naming SLACK_BOT_TOKEN',
    async (error) => {
      const { sandbox, bot } = await start((s) =>
        s.slack.faults.inject('auth.test', { kind: 'status', status: 200, body: { ok: false, error } }, 100),
      );
      const exit = await bot.exited;
      expect(exit.code).toBe(1);
      const output = bot.output();
      expect(output).toContain(`SLACK_BOT_TOKEN: Slack refused it (${error})`);
      expect(output).not.toMatch(STACK);
      for (const secret of sandbox.settings.secrets) expect(output).not.toContain(secret);
    },
    30_000,
  );

  it('a Slack outage at start does not stop it: /healthz answers, /readyz says 503 naming Slack until Slack accepts the token', async () => {
    const { sandbox, bot, authTests } = await start((s) =>
      s.slack.faults.inject('auth.test', { kind: 'status', status: 503 }, 10_000),
    );
    await until(bot, async () => (await get(bot, '/healthz'))?.status === 200);
    const health = await get(bot, '/healthz');
    expect(JSON.parse(health?.body ?? '{}')).toMatchObject({ ok: true });
    const slackOnly = (r: { status: number; body: string } | undefined) =>
      r?.status === 503 && !r.body.includes('vendor clients'); // the warm-up after start is over
    await until(bot, async () => authTests() >= 1 && slackOnly(await get(bot, '/readyz')));
    const notReady = await get(bot, '/readyz');
    expect(JSON.parse(notReady?.body ?? '{}')).toEqual({
      ready: false,
      failing: [expect.stringMatching(/^slack: auth\.test not yet accepted \(Slack answered 503\)/)],
    });
    // Probes are cheap: they read the cached state and never call Slack.
    const retries = () => bot.output().match(/Slack still does not accept the bot token/g)?.length ?? 0;
    const [calls, retried] = [authTests(), retries()];
    for (let i = 0; i < 20; i += 1) await get(bot, '/readyz');
    // only the background retries (each logs a line once answered; one may still be in flight) called Slack
    expect(authTests() - calls).toBeLessThanOrEqual(retries() - retried + 1);
    expect(bot.output()).toMatch(
      /Slack did not accept the bot token at start \(Slack answered 503\); serving anyway and retrying/,
    );

    sandbox.slack.faults.clear();
    await until(bot, async () => (await get(bot, '/readyz'))?.status === 200);
    expect(JSON.parse((await get(bot, '/readyz'))?.body ?? '{}')).toEqual({ ready: true, failing: [] });
    expect(bot.output()).toMatch(/Slack accepted the bot token/);
    // and the bot works: a command is answered
    const response = await sandbox.slack.slashCommand({ text: '/ops help', channel: 'ops' });
    expect(response.status).toBe(200);
    expect(response.body).toContain('ChatOps commands');
  }, 40_000);

  it('a SIGTERM while the start still waits for Slack drains and exits 0 (the handlers are in before the start)', async () => {
    const { bot, authTests } = await start((s) => s.slack.faults.inject('auth.test', { kind: 'timeout', ms: 4000 }, 1));
    await until(bot, async () => authTests() >= 1 && (await get(bot, '/healthz'))?.status === 200);
    expect(bot.output()).not.toMatch(/Serving Slack over HTTP/); // the start has not finished: auth.test hangs
    bot.child.kill('SIGTERM');
    const exit = await bot.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(bot.output()).toContain('shutting down');
  }, 30_000);

  it('SLACK_API_URL with a user and password: the start stops naming the variable, and the password is written nowhere', async () => {
    const sandbox = await startSandbox(loadSettings({ PORT: '0', LOG_LEVEL: 'silent' }));
    const dataDir = mkdtempSync(join(tmpdir(), 'chatops-ready-'));
    const port = await freePort();
    const apiUrl = (sandbox.settings.slackApiUrl ?? '').replace('http://', 'http://chatops:pa55-Word-9x@');
    const withPassword = spawnServer(
      BOT_MAIN,
      { ...botEnv(sandbox, { port, dataDir, logLevel: 'debug' }), SLACK_API_URL: apiUrl },
      { captureStdout: true },
    );
    cleanups.push(async () => {
      await withPassword.stop('SIGKILL');
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    });
    await sandbox.connect(port);
    const exit = await Promise.race([
      withPassword.exited,
      new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 5000)),
    ]);
    const output = withPassword.output();
    expect(output).not.toContain('pa55-Word-9x');
    expect(output).not.toContain(Buffer.from('chatops:pa55-Word-9x').toString('base64'));
    expect(exit?.code).toBe(1);
    expect(output).toContain('SLACK_API_URL: remove the user name and password from the URL');
  }, 30_000);
});
