/**
 * Server processes for the bench and the hardening tests: the bot as the Dockerfile starts it
 * (`node dist/bundle/main.js`, HTTP mode, pointed at the stand-ins) and the bare Bolt app beside it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/start-sandbox.js';
import { packageRoot } from '../src/package-root.js';

export const ROOT = packageRoot();
export const BOT_MAIN = join(ROOT, 'dist', 'bundle', 'main.js');
export const BARE_MAIN = join(ROOT, 'dist', 'bench', 'bare-app.js');

/**
 * `bare-bundled`: the bare app started the way the bot is (bundled, warm compile cache), for a like-for-like row;
 * `bare-vendors`: the bare app that also loads the bot's vendor clients (bench/bare-vendors-app.ts), the floor.
 */
export type AppKind = 'bot' | 'bare' | 'bare-bundled' | 'bare-vendors';

export function appMain(kind: AppKind, bareBundle = BARE_MAIN): string {
  if (kind === 'bare-vendors') return join(ROOT, 'dist', 'bench', 'bare-vendors-app.js');
  return kind === 'bot' ? BOT_MAIN : kind === 'bare' ? BARE_MAIN : bareBundle;
}

export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  port: number;
  /** http://127.0.0.1:<port>/slack/events */
  eventsUrl: string;
  /** When `spawn` was called (performance.now()). */
  spawnedAt: number;
  /** What the process wrote (stdout only when `captureStdout`); the last 64 kB. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  /** Resident set size now, in MB (Linux /proc; NaN elsewhere). */
  rssMb(): number;
  /** CPU time used so far, user + system, all threads, in ms (Linux /proc, 10 ms ticks; NaN elsewhere). */
  cpuMs(): number;
  /** SIGTERM (or the given signal), then SIGKILL after `killAfterMs`. */
  stop(
    signal?: NodeJS.Signals,
    killAfterMs?: number,
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** A free TCP port on 127.0.0.1 (the OS picks one; the child then binds it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The environment that runs the bot in HTTP mode against the sandbox's stand-ins (empty values count as unset). */
export function botEnv(
  sandbox: Sandbox,
  options: { port: number; dataDir: string; logLevel?: string },
): Record<string, string> {
  const s = sandbox.settings;
  return {
    PORT: String(options.port),
    CHATOPS_CONFIG: join(ROOT, 'chatops.example.yml'),
    CHATOPS_DATA_DIR: options.dataDir,
    SLACK_BOT_TOKEN: s.slack.botToken,
    SLACK_SIGNING_SECRET: s.slack.signingSecret ?? '',
    SLACK_API_URL: s.slackApiUrl ?? '',
    GITHUB_TOKEN: s.github.token ?? '',
    GITHUB_API_URL: s.github.apiUrl ?? '',
    CLOUD_RUN_API_ENDPOINT: s.cloudRun.endpoint ?? '',
    MONITORING_API_ENDPOINT: s.monitoring.endpoint ?? '',
    FIRESTORE_ADMIN_API_ENDPOINT: s.backup.adminEndpoint ?? '',
    FIREBASE_RULES_API_ENDPOINT: s.audit.rulesEndpoint ?? '',
    FIRESTORE_API_ENDPOINT: s.audit.firestoreEndpoint ?? '',
    SECRET_MANAGER_API_ENDPOINT: s.audit.secretManagerEndpoint ?? '',
    ALERT_WEBHOOK_TOKEN: s.alerts.hook.token?.value ?? '',
    GITHUB_WEBHOOK_SECRET: s.github.webhookSecret ?? '',
    BIGQUERY_API_ENDPOINT: s.cost.bigqueryEndpoint ?? '',
    COST_CSV_PATH: s.cost.csvPath ?? '',
    COST_JOB_SECRET: s.cost.jobs.secret ?? '',
    LOG_LEVEL: options.logLevel ?? 'info',
  };
}

/** The bare app needs only the Slack half of the same environment. */
export function bareEnv(sandbox: Sandbox, port: number): Record<string, string> {
  const s = sandbox.settings;
  return {
    PORT: String(port),
    SLACK_BOT_TOKEN: s.slack.botToken,
    SLACK_SIGNING_SECRET: s.slack.signingSecret ?? '',
    SLACK_API_URL: s.slackApiUrl ?? '',
  };
}

/**
 * How the Dockerfile runs node (its CMD and ENV; test/arch/dockerfile-runtime.test.ts keeps them the same), for the
 * bot and, like for like, the apps it is compared with: --expose-gc lets the vendor clients' warm-up end with a full
 * collection; an 8 MB semi-space and two malloc arenas hold ~25 MB less (README, Performance).
 */
export const DOCKERFILE_NODE_ARGS = ['--disable-warning=ExperimentalWarning', '--expose-gc', '--max-semi-space-size=8'];
export const DOCKERFILE_ENV = { MALLOC_ARENA_MAX: '2' };

export function spawnServer(
  script: string,
  env: Record<string, string>,
  options: { captureStdout?: boolean; nodeArgs?: string[]; onOutput?: (chunk: string) => void } = {},
): ServerProcess {
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...DOCKERFILE_NODE_ARGS, ...(options.nodeArgs ?? []), script], {
    env: { PATH: process.env.PATH ?? '', METADATA_SERVER_DETECTION: 'none', ...DOCKERFILE_ENV, ...env },
    stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    const text = chunk.toString();
    output = (output + text).slice(-65_536);
    options.onOutput?.(text);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: performance.now() })),
  );
  const port = Number(env.PORT);
  return {
    child,
    pid: child.pid ?? -1,
    port,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    spawnedAt,
    output: () => output,
    exited,
    rssMb: () => rssMb(child.pid),
    cpuMs: () => cpuMs(child.pid),
    stop: async (signal = 'SIGTERM', killAfterMs = 12_000) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
      const result = await exited;
      clearTimeout(timer);
      return result;
    },
  };
}

function rssMb(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(/(\d+)/.exec(line)?.[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** USER_HZ is 100 on every mainstream Linux. */
const TICK_MS = 10;

function cpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields[0] is field 3 (state)
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime: fields 14 and 15
  } catch {
    return Number.NaN;
  }
}
