/** The bot as its own process, `node dist/bundle/main.js` as the Dockerfile starts it, in HTTP mode against the stand-ins. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BOT_MAIN, botEnv, freePort, spawnServer, type ServerProcess } from '../../bench/processes.js';
import { loadSettings } from '../../src/config/env.js';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox.js';
import { exampleConfigForTests } from '../support/test-config.js';

export interface ChildBot {
  sandbox: Sandbox;
  server: ServerProcess;
  dataDir: string;
  /** Every line the bot wrote (JSON log lines), across restarts; a test may empty it. */
  logs: string[];
  /** Starts the bot again on the same data folder and port (after it exited). */
  restart(): Promise<ServerProcess>;
  /** Kills what is left and removes the data folder. */
  cleanup(): Promise<void>;
}

/** `configPath`: a chatops.yml to run with instead of the example (e.g. `testConfig()` from deploy-helpers). */
export async function startChildBot(options: { logLevel?: string; configPath?: string } = {}): Promise<ChildBot> {
  if (!existsSync(BOT_MAIN)) throw new Error(`${BOT_MAIN} is missing: run \`npm run build\` first (npm test does)`);
  const sandbox = await startSandbox(loadSettings({ PORT: '0', LOG_LEVEL: 'silent' }));
  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-child-'));
  const port = await freePort();
  const logs: string[] = [];
  let partial = '';
  const onOutput = (chunk: string): void => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    logs.push(...lines.filter(Boolean));
  };
  const spawnBot = async (): Promise<ServerProcess> => {
    const env = botEnv(sandbox, { port, dataDir, logLevel: options.logLevel ?? 'debug' });
    env.CHATOPS_CONFIG = options.configPath ?? exampleConfigForTests();
    const server = spawnServer(BOT_MAIN, env, { captureStdout: true, onOutput });
    await untilHealthy(server);
    await sandbox.connect(port);
    return server;
  };
  const bot: ChildBot = {
    sandbox,
    dataDir,
    logs,
    server: await spawnBot(),
    restart: async () => (bot.server = await spawnBot()),
    cleanup: async () => {
      await bot.server.stop('SIGKILL');
      await sandbox.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return bot;
}

async function untilHealthy(server: ServerProcess): Promise<void> {
  const deadline = Date.now() + 20_000;
  let exited = false;
  void server.exited.then(() => (exited = true));
  while (Date.now() < deadline && !exited) {
    // Alive, and the vendor clients loaded (as Cloud Run's startup probe waits for /readyz; Slack or the store
    // may still be failing there, which some tests want).
    const ok = await fetch(`http://127.0.0.1:${server.port}/readyz`).then(
      async (r) => r.ok || !(await r.text()).includes('vendor clients'),
      () => false,
    );
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the bot did not become healthy, its vendor clients loaded:\n${server.output()}`);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
