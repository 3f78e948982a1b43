/**
 * The sandbox's entry (`dist/sandbox-bundle/main.js`), what `npm start` runs. With no Slack tokens set it starts
 * the local stand-ins and then the product's bot against them, through the product's own `runBot`; with tokens
 * (or `--check`) it is the product's command line as it is, so one command starts either.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { runCli } from '../src/cli.js';
import { loadSettings, type Settings } from '../src/config/env.js';
import { loadConfigFile } from '../src/config/load-config.js';
import type { Config } from '../src/config/schema.js';
import { packageRoot } from '../src/package-root.js';
import { type Announcement, exitOnFailure, runBot } from '../src/run-bot.js';
import { prepareDemoTour } from './demo-tour.js';
import { startSandbox } from './start-sandbox.js';

async function main(): Promise<void> {
  const settings = process.argv.includes('--check') ? undefined : loadSettings();
  if (settings?.slack.kind !== 'sandbox') return runCli(process.argv);
  const config = loadConfigFile(settings.configPath ?? join(packageRoot(), 'chatops.example.yml'));
  // The demo freeze and the welcome only with the example config: a config of your own is run as written.
  const tour = settings.configPath ? undefined : prepareDemoTour(config, new Date());
  const sandbox = await startSandbox(withJobSecret(settings), { welcome: tour?.welcome });
  await runBot(sandbox.settings, {
    config,
    prettyLogs: process.stdout.isTTY,
    modeLabel: 'sandbox',
    fallback: sandbox.servePage,
    afterStart: sandbox.connect,
    afterClose: sandbox.close,
    announce: (port) => announce(settings, port, config),
  });
}

/** `/ops demo budget` calls the bot's own POST /hooks/budget with the job secret: the sandbox makes one if unset. */
function withJobSecret(settings: Settings): Settings {
  if (settings.cost.jobs.secret) return settings;
  const secret = `cost-sandbox-${randomBytes(12).toString('hex')}`;
  const jobs = { ...settings.cost.jobs, secret };
  return { ...settings, cost: { ...settings.cost, jobs }, secrets: [...settings.secrets, secret] };
}

function announce(settings: Settings, port: number, config: Config): Announcement {
  const services = Object.keys(config.services).join(', ');
  const reach =
    settings.host === '127.0.0.1'
      ? 'this machine only; set HOST=0.0.0.0 to open it to your network'
      : `listening on ${settings.host ?? 'every interface'}`;
  return {
    mode: 'sandbox',
    fields: { host: settings.host },
    message: `Sandbox mode (no Slack tokens set). Open http://${pageHost(settings.host)}:${port}/ and read the welcome in #general. Services: ${services} (${reach}).`,
  };
}

/** What to type in the browser: localhost for a loopback or wildcard bind, else the address given. */
function pageHost(host: string | undefined): string {
  if (!host || ['127.0.0.1', '::1', '0.0.0.0', '::', 'localhost'].includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

main().catch(exitOnFailure);
