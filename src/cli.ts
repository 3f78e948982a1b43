import { configPathFromEnv, loadSettings, type Settings } from './config/env.js';
import { ConfigError } from './config/issues.js';
import { loadConfigFile } from './config/load-config.js';
import type { Config } from './config/schema.js';
import { safeUrl } from './logging/safe-url.js';
import { type Announcement, runBot } from './run-bot.js';

/**
 * The product's command line, what `node dist/bundle/main.js` runs (the Dockerfile, Cloud Run): `--check
 * [chatops.yml]` validates a config and exits; otherwise the bot serves real Slack, over HTTP or Socket Mode.
 * With no Slack tokens it stops and says how to set them: the sandbox is an entry of its own (sandbox/main.ts).
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  const check = argv.indexOf('--check');
  if (check !== -1) return checkConfig(argv[check + 1] ?? configPathFromEnv());
  const settings = loadSettings();
  const { slack } = settings;
  if (slack.kind === 'sandbox')
    throw new ConfigError('The environment', [
      'SLACK_BOT_TOKEN: required, with SLACK_SIGNING_SECRET (HTTP mode) or SLACK_APP_TOKEN (Socket Mode); without Slack tokens, `npm start` in a checkout runs the sandbox',
    ]);
  if (!settings.configPath)
    throw new ConfigError('The environment', [
      'CHATOPS_CONFIG: required outside the sandbox (the path of your chatops.yml)',
    ]);
  const config = loadConfigFile(settings.configPath);
  await runBot({ ...settings, slack }, { config, announce: (port) => announce(settings, port, config) });
}

/**
 * `--check [chatops.yml]` (or CHATOPS_CONFIG): validates the file and exits, 0 when valid, 1 with every problem
 * by key path otherwise. For CI before a deploy; the Docker build also runs it once, which loads every module
 * the bot starts with and so fills Node's compile cache (NODE_COMPILE_CACHE).
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

function announce(settings: Settings, port: number, config: Config): Announcement {
  const services = Object.keys(config.services).join(', ');
  // Endpoints that differ from the vendors' defaults, as the logs may show a URL (no user-info, no query values).
  const fields = Object.fromEntries(
    Object.entries({ slackApiUrl: settings.slackApiUrl, githubApiUrl: settings.github.apiUrl }).flatMap(([key, url]) =>
      url ? [[key, safeUrl(url)]] : [],
    ),
  );
  if (settings.slack.kind === 'socket')
    return {
      mode: 'socket',
      fields,
      message: `Connected to Slack over Socket Mode; health check on :${port}/healthz. Services: ${services}.`,
    };
  return { mode: 'http', fields, message: `Serving Slack over HTTP at :${port}/slack/events. Services: ${services}.` };
}
