/**
 * Starting as the Dockerfile does: the bundle (dist/bundle/main.js) with NODE_COMPILE_CACHE in a folder that the
 * image build filled by running `--check` once. Each cold start gets a fresh copy of that folder, as each new
 * Cloud Run instance gets the image's. The bare app can be given the same treatment, for a like-for-like row.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Sandbox } from '../sandbox/start-sandbox.js';
import { coldStart } from './measure.js';
import { BARE_MAIN, BOT_MAIN, ROOT } from './processes.js';

export interface StartUp {
  /** A fresh copy of the bot's build-time compile cache. */
  botCache(): string;
  /** A fresh copy of the bundled bare app's compile cache. */
  bareCache(): string;
  bareBundle: string;
}

export async function prepareStartUp(sandbox: Sandbox, help: () => string): Promise<StartUp> {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-bench-start-'));
  const botWarm = join(dir, 'bot-cache');
  await run(
    process.execPath,
    ['--disable-warning=ExperimentalWarning', BOT_MAIN, '--check', join(ROOT, 'chatops.example.yml')],
    { NODE_COMPILE_CACHE: botWarm },
  );

  const bareBundle = join(dir, 'bare', 'bare-app.js');
  await build({
    entryPoints: [BARE_MAIN],
    outfile: bareBundle,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    logLevel: 'warning',
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  });
  const bareWarm = join(dir, 'bare-cache');
  await coldStart('bare-bundled', sandbox, help, { bareBundle, compileCache: bareWarm }); // one full start fills it

  let copies = 0;
  const copy = (from: string) => () => {
    const to = join(dir, `run-${(copies += 1)}`);
    cpSync(from, to, { recursive: true });
    return to;
  };
  return { botCache: copy(botWarm), bareCache: copy(bareWarm), bareBundle };
}

function run(command: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`)),
    );
  });
}
