/**
 * Faults in the Slack stand-in. At start-up the bot asks Slack who it is (auth.test); when Slack fails
 * then, the bot must not stay broken once Slack is back, nor hammer Slack meanwhile.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadSettings } from '../../src/config/env.js';
import { loadConfigFile } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logging/logger.js';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox.js';
import { exampleConfigForTests } from '../support/test-config.js';
import { ESCAPED } from './support.js';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** The harness's bot, but with faults injected into the stand-ins before the bot starts. */
async function startWith(
  prepare: (sandbox: Sandbox) => void,
): Promise<{ sandbox: Sandbox; bot: RunningBot; logs: string[] }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-faults-'));
  const sandbox = await startSandbox(loadSettings({ PORT: '0', CHATOPS_DATA_DIR: dataDir, LOG_LEVEL: 'debug' }));
  prepare(sandbox);
  const logs: string[] = [];
  const log = await createLogger({
    level: 'debug',
    secrets: sandbox.settings.secrets,
    destination: { write: (line: string) => void logs.push(line) },
  });
  const bot = await startBot({
    settings: sandbox.settings,
    config: loadConfigFile(exampleConfigForTests()),
    log,
    host: '127.0.0.1',
  });
  await sandbox.connect(bot.port);
  cleanups.push(async () => {
    await bot.close(1000);
    await sandbox.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  return { sandbox, bot, logs };
}

const helpShown = (body: string): boolean => body.includes('ChatOps commands');

describe('Slack failing while the bot starts', () => {
  it.concurrent.each([
    ['HTTP 500', { kind: 'status', status: 500 } as const],
    ['429 with Retry-After: 1', { kind: 'rate-limit', retryAfterSeconds: 1 } as const],
  ])(
    'auth.test answers %s for a while: the bot answers normally once Slack is back, without a restart',
    async (_name, fault) => {
      let authTests = 0;
      const { sandbox, logs } = await startWith((s) => {
        s.slack.faults.inject('auth.test', fault, 1000);
        const take = s.slack.faults.take.bind(s.slack.faults); // counts every auth.test, failed ones included
        s.slack.faults.take = (key) => {
          if (key === 'auth.test') authTests += 1;
          return take(key);
        };
      });
      await new Promise((resolve) => setTimeout(resolve, 2500)); // Bolt's own retries of auth.test are spent
      const during = await sandbox.slack.sendRaw(
        `command=%2Fops&text=help&trigger_id=1&user_id=U0ALEX0001&channel_id=C1`,
        'application/x-www-form-urlencoded',
      );
      expect(during.status).toBeLessThan(500);
      const whileFailing = authTests;
      sandbox.slack.faults.clear();
      const after = await sandbox.slack.slashCommand({ text: '/ops help', channel: 'ops' });
      expect(after.status).toBe(200);
      expect(helpShown(after.body)).toBe(true);
      expect(whileFailing, 'auth.test attempts while Slack failed (bounded)').toBeLessThanOrEqual(8);
      expect(authTests, 'auth.test attempts in all').toBeLessThanOrEqual(whileFailing + 1);
      expect(logs.filter((l) => ESCAPED.test(l))).toEqual([]);
    },
    20_000,
  );
});
