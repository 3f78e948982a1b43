import { join } from 'node:path';
import { startBot, type BotOptions } from './bot.js';
import { configPathFromEnv, loadSettings, type Settings } from './config/env.js';
import { ConfigError } from './config/issues.js';
import { loadConfigFile } from './config/load-config.js';
import type { Config } from './config/schema.js';
import { createLogger } from './logging/logger.js';
import { safeUrl } from './logging/safe-url.js';
import { packageRoot } from './package-root.js';

async function main(): Promise<void> {
  const check = process.argv.indexOf('--check');
  if (check !== -1) return checkConfig(process.argv[check + 1] ?? configPathFromEnv());
  const settings = loadSettings();
  const config = loadConfig(settings);
  const sandbox = settings.slack.kind === 'sandbox';
  const log = await createLogger({
    level: settings.logLevel,
    secrets: settings.secrets,
    pretty: sandbox && process.stdout.isTTY,
  });
  process.on('unhandledRejection', (error) => log.error({ err: error }, 'unhandled promise rejection'));

  let options: BotOptions;
  let afterStart = async (_port: number): Promise<void> => undefined;
  let stopSandbox = async (): Promise<void> => undefined;
  if (settings.slack.kind === 'sandbox') {
    const [{ startSandbox }, { prepareDemoTour }] = await Promise.all([
      import('../sandbox/start-sandbox.js'),
      import('../sandbox/demo-tour.js'),
    ]);
    // The demo freeze and the welcome only with the example config: a config of your own is run as written.
    const tour = settings.configPath ? undefined : prepareDemoTour(config, new Date());
    const sandboxRun = await startSandbox(settings, { welcome: tour?.welcome });
    options = {
      settings: sandboxRun.settings,
      config,
      log,
      fallback: sandboxRun.servePage,
      modeLabel: 'sandbox',
      host: settings.host,
    };
    afterStart = sandboxRun.connect;
    stopSandbox = sandboxRun.close;
  } else {
    options = { settings: { ...settings, slack: settings.slack }, config, log, host: settings.host };
  }

  // The handlers go in before the start: the server answers requests while the start still waits for Slack
  // (auth.test), and a SIGTERM then must drain and exit 0, not kill the process with Node's default action.
  const started = startBot(options);
  const shutdown = (signal: string): void => {
    log.info({ signal }, 'shutting down: no new requests, finishing work in flight');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    void started
      .then((bot) => bot.close())
      .then(stopSandbox)
      .then(
        () => {
          clearTimeout(force);
          process.exit(0);
        },
        () => undefined, // a start that failed exits through main's catch
      );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  const bot = await started;
  await afterStart(bot.port);
  announce(settings, bot.port, config, log);
}

function loadConfig(settings: Settings): Config {
  if (settings.configPath) return loadConfigFile(settings.configPath);
  if (settings.slack.kind === 'sandbox') return loadConfigFile(join(packageRoot(), 'chatops.example.yml'));
  throw new ConfigError('The environment', [
    'CHATOPS_CONFIG: required outside the sandbox (the path of your chatops.yml)',
  ]);
}

/**
 * `node dist/bundle/main.js --check [chatops.yml]` (or CHATOPS_CONFIG): validates the file and exits, 0 when
 * valid, 1 with every problem by key path otherwise. For CI before a deploy; the Docker build also runs it
 * once, which loads every module the bot starts with and so fills Node's compile cache (NODE_COMPILE_CACHE).
 */
function checkConfig(path: string | undefined): void {
  if (!path)
    throw new ConfigError('The command line', [
      '--check: name the file, e.g. `--check chatops.yml` (or set CHATOPS_CONFIG)',
    ]);
  const config = loadConfigFile(path);
  const services = Object.entries(config.services).map(
    ([name, s]) => `${name} (${Object.keys(s.environments).join(', ')})`,
  );
  process.stdout.write(`${path} is valid: ${services.length} service(s): ${services.join(', ')}.\n`);
}

function announce(
  settings: Settings,
  port: number,
  config: Config,
  log: Awaited<ReturnType<typeof createLogger>>,
): void {
  const services = Object.keys(config.services).join(', ');
  const store = settings.store.kind === 'sqlite' ? `sqlite (${join(settings.dataDir, 'chatops.sqlite')})` : 'firestore';
  // Endpoints that differ from the vendors' defaults, as the logs may show a URL (no user-info, no query values).
  const endpoints = Object.fromEntries(
    Object.entries({ slackApiUrl: settings.slackApiUrl, githubApiUrl: settings.github.apiUrl }).flatMap(([key, url]) =>
      url ? [[key, safeUrl(url)]] : [],
    ),
  );
  if (settings.slack.kind === 'sandbox') {
    const reach =
      settings.host === '127.0.0.1'
        ? 'this machine only; set HOST=0.0.0.0 to open it to your network'
        : `listening on ${settings.host ?? 'every interface'}`;
    log.info(
      { mode: 'sandbox', port, store, host: settings.host },
      `Sandbox mode (no Slack tokens set). Open http://${pageHost(settings.host)}:${port}/ and read the welcome in #general. Services: ${services} (${reach}).`,
    );
  } else if (settings.slack.kind === 'socket') {
    log.info(
      { mode: 'socket', port, store, ...endpoints },
      `Connected to Slack over Socket Mode; health check on :${port}/healthz. Services: ${services}.`,
    );
  } else {
    log.info(
      { mode: 'http', port, store, ...endpoints },
      `Serving Slack over HTTP at :${port}/slack/events. Services: ${services}.`,
    );
  }
}

/** What to type in the browser: localhost for a loopback or wildcard bind, else the address given. */
function pageHost(host: string | undefined): string {
  if (!host || ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'].includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
  else if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE')
    process.stderr.write(`Port already in use: set PORT to a free port.\n`);
  else process.stderr.write(`The bot could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
