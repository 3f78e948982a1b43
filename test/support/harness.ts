import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBot, type RunningBot } from '../../src/bot.js';
import { loadSettings } from '../../src/config/env.js';
import { loadConfigFile } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logging/logger.js';
import type { Clock } from '../../src/ports/clock.js';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox.js';
import { exampleConfigForTests } from './test-config.js';

export { textOf } from './text.js';

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
  const sandbox = await startSandbox(base);
  const logs: string[] = [];
  const log = await createLogger({
    level: 'debug',
    secrets: sandbox.settings.secrets,
    destination: { write: (line: string) => void logs.push(line) },
  });
  const config = loadConfigFile(
    options.configPath ?? (options.costDigest ? 'chatops.example.yml' : exampleConfigForTests()),
  );
  const start = (clock?: Clock) =>
    startBot({ settings: sandbox.settings, config, log, host: '127.0.0.1', fallback: sandbox.servePage, clock });
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

/**
 * The forms a secret can take in a log line or a message: as is, JSON-escaped, URL-encoded (percent-encoding
 * in upper or lower case hex, `+` for a space as forms do) and base64 (standard and url-safe). A base64 form is
 * searched as the characters that depend on the secret alone, at each of the three alignments, so it is found
 * inside a longer encoded string too (`user:secret` in a Basic authorization).
 */
export function secretForms(secret: string): { name: string; text: string }[] {
  const percent = encodeURIComponent(secret);
  const form = new URLSearchParams({ s: secret }).toString().slice(2);
  const forms = [
    { name: 'as is', text: secret },
    { name: 'JSON-escaped', text: JSON.stringify(secret).slice(1, -1) },
    { name: 'URL-encoded', text: percent },
    { name: 'URL-encoded, lower-case hex', text: percent.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()) },
    { name: 'form-encoded', text: form },
    { name: 'form-encoded, lower-case hex', text: form.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()) },
  ];
  const bytes = Buffer.from(secret, 'utf8');
  for (const offset of [0, 1, 2]) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const first = Math.ceil((offset * 8) / 6);
    const last = Math.floor(((offset + bytes.length) * 8) / 6); // exclusive: the characters made of the secret's bits only
    const fragment = encoded.slice(first, last);
    forms.push(
      { name: `base64 at offset ${offset}`, text: fragment },
      { name: `url-safe base64 at offset ${offset}`, text: fragment.replace(/\+/g, '-').replace(/\//g, '_') },
    );
  }
  return forms.filter((f, i) => f.text.length >= 6 && forms.findIndex((g) => g.text === f.text) === i);
}
