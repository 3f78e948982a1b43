import { join } from 'node:path';
import type { RouteHandler } from './app/routes.js';
import { startBot, type BotOptions, type RunningBot } from './bot.js';
import { ConfigError } from './config/issues.js';
import type { Config } from './config/schema.js';
import { createLogger } from './logging/logger.js';

/** What the start line says: the mode, a sentence for a person, and fields for the log's reader. */
export interface Announcement {
  mode: string;
  message: string;
  fields?: Record<string, unknown>;
}

export interface RunOptions {
  config: Config;
  /** Readable log lines for a person at a terminal (the sandbox); JSON lines otherwise. */
  prettyLogs?: boolean;
  /** What /healthz calls the mode, when it is not the Slack mode (the sandbox). */
  modeLabel?: string;
  /** Extra routes on the bot's port (the sandbox page). */
  fallback?: RouteHandler;
  /** Once the bot listens: e.g. the sandbox tells its Slack stand-in where. */
  afterStart?: (port: number) => Promise<void>;
  /** Once the bot has closed on a signal, before the process exits: e.g. the sandbox stops its stand-ins. */
  afterClose?: () => Promise<void>;
  announce: (port: number) => Announcement;
}

/**
 * The bot as a process, for every entry that runs one (the product's `src/main.ts`, the sandbox's own entry):
 * the logger, the start, the signals (drain, then exit 0; exit 1 when the drain outlives 10 s) and the start line.
 */
export async function runBot(settings: BotOptions['settings'], options: RunOptions): Promise<RunningBot> {
  const log = await createLogger({ level: settings.logLevel, secrets: settings.secrets, pretty: options.prettyLogs });
  process.on('unhandledRejection', (error) => log.error({ err: error }, 'unhandled promise rejection'));
  const { config, modeLabel, fallback } = options;

  // The handlers go in before the start: the server answers requests while the start still waits for Slack
  // (auth.test), and a SIGTERM then must drain and exit 0, not kill the process with Node's default action.
  const started = startBot({ settings, config, log, host: settings.host, modeLabel, fallback });
  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down: no new requests, finishing work in flight');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    void started
      .then((bot) => bot.close())
      .then(options.afterClose)
      .then(
        () => {
          clearTimeout(force);
          process.exit(0);
        },
        () => undefined, // a start that failed exits through the entry's exitOnFailure
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const bot = await started;
  await options.afterStart?.(bot.port);
  const { mode, message, fields } = options.announce(bot.port);
  log.info({ mode, port: bot.port, store: storeLabel(settings), ...fields }, message);
  return bot;
}

function storeLabel(settings: BotOptions['settings']): string {
  return settings.store.kind === 'sqlite' ? `sqlite (${join(settings.dataDir, 'chatops.sqlite')})` : 'firestore';
}

/** How an entry ends when its start failed: one line on stderr, no stack trace, exit 1. */
export function exitOnFailure(error: unknown): never {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    process.stderr.write(`Port already in use: set PORT to a free port.\n`);
  else process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
