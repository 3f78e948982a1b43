import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadSettings } from '../../src/config/env.js';
import { loadConfigFile } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logging/logger.js';
import type { Clock } from '../../src/ports/clock.js';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox.js';
import { secretForms } from './secret-forms.js';
import { exampleConfigForTests } from './test-config.js';

export { textOf } from './text.js';
export { secretForms } from './secret-forms.js';

export interface Harness extends Sandbox {
  bot: RunningBot;
  /** Every log line the bot wrote, as written (JSON). */
  logs: string[];
  dataDir: string;
  botUrl: string;
  /** Starts one more bot on the same store and stand-ins (another Cloud Run instance); the stand-in keeps sending to the first. */
  startAnotherBot(options?: { clock?: Clock }): Promise<RunningBot & { url: string }>;
  /** Stops the bot abruptly (no grace: a crash, as far as one process can play one) and starts a new one on the same data. */
  restartBot(options?: { clock?: Clock }): Promise<void>;
  /** Stops the bot and the stand-ins; `keepData` leaves the SQLite file for a restart test. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

/**
 * The real bot on a free port on 127.0.0.1, in HTTP mode, talking to the stand-ins. Without `configPath` it runs
 * chatops.example.yml with the weekly digest's in-process trigger off, unless `costDigest` (see test-config.ts).
 */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    dataDir?: string;
    configPath?: string;
    clock?: Clock;
    costDigest?: boolean;
  } = {},
): Promise<Harness> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'chatops-test-'));
  const base = loadSettings({ PORT: '0', CHATOPS_DATA_DIR: dataDir, LOG_LEVEL: 'debug', ...options.env });
  const sandbox = await startSandbox(base, options.clock ? { metricsClock: () => options.clock!.now() } : {});
  const logs: string[] = [];
  const log = await createLogger({
    level: 'debug',
    secrets: sandbox.settings.secrets,
    destination: { write: (line: string) => void logs.push(line) },
  });
  const config = loadConfigFile(
    options.configPath ?? (options.costDigest ? 'chatops.example.yml' : exampleConfigForTests()),
  );
  const start = async (clock?: Clock) => {
    const bot = await startBot({
      settings: sandbox.settings,
      config,
      log,
      host: '127.0.0.1',
      fallback: sandbox.servePage,
      clock,
    });
    await bot.vendorClientsLoaded; // as Cloud Run's startup probe waits for /readyz
    return bot;
  };
  const others: RunningBot[] = [];
  const harness: Harness = {
    ...sandbox,
    bot: await start(options.clock),
    logs,
    dataDir,
    botUrl: '',
    startAnotherBot: async ({ clock } = {}) => {
      const other = await start(clock);
      others.push(other);
      return { ...other, url: `http://127.0.0.1:${other.port}/slack/events` };
    },
    restartBot: async ({ clock } = {}) => {
      await harness.bot.close(0);
      harness.bot = await start(clock);
      harness.botUrl = `http://127.0.0.1:${harness.bot.port}`;
      await sandbox.connect(harness.bot.port);
    },
    stop: async ({ keepData = false } = {}) => {
      await Promise.all([harness.bot.close(2000), ...others.map((o) => o.close(2000))]);
      const leaked = leakedSecrets(harness); // after close: the last log lines are in
      await sandbox.close();
      if (!keepData && !options.dataDir) rmSync(dataDir, { recursive: true, force: true });
      if (leaked.length > 0)
        throw new Error(
          `A configured secret leaked: ${leaked.join('; ')}. Every harness run is searched when it stops.`,
        );
    },
  };
  harness.botUrl = `http://127.0.0.1:${harness.bot.port}`;
  await sandbox.connect(harness.bot.port);
  return harness;
}

/**
 * Where a configured secret (Slack, GitHub, job secrets: `settings.secrets`) shows up in what the bot wrote:
 * its log lines and every Slack message, in any of the forms it may take there (`secretForms`). Empty when
 * none does. Shown by prefix only.
 */
export function leakedSecrets(h: Pick<Harness, 'slack' | 'settings' | 'logs'>): string[] {
  const messages = JSON.stringify(h.slack.workspace.messages);
  return h.settings.secrets.flatMap((secret) => {
    const forms = secretForms(secret);
    const found = (text: string) => forms.find((form) => text.includes(form.text));
    const inLogs = h.logs.map(found).find(Boolean);
    const inMessages = found(messages);
    return [
      ...(inLogs ? [`${secret.slice(0, 6)}… in the logs (${inLogs.name})`] : []),
      ...(inMessages ? [`${secret.slice(0, 6)}… in a Slack message (${inMessages.name})`] : []),
    ];
  });
}
