/** One server process measured: cold start, then (for the load phase) warm-up, open loop, closed loop, RSS. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '../src/sandbox/start-sandbox.js';
import { SignedClient, type Answer } from './client.js';
import { closedLoop, openLoop, type Check, type LatencyStats } from './load.js';
import { BARE_MAIN, BOT_MAIN, bareEnv, botEnv, freePort, spawnServer, type ServerProcess } from './processes.js';

/** `bare-bundled`: the bare app started the way the bot is (bundled, warm compile cache), for a like-for-like row. */
export type AppKind = 'bot' | 'bare' | 'bare-bundled';

/** How the Dockerfile starts the bot: NODE_COMPILE_CACHE in a folder the build filled (see warmCompileCache). */
export interface StartOptions {
  nodeArgs?: string[];
  logLevel?: string;
  captureStdout?: boolean;
  compileCache?: string;
  /** The bundled bare app (bare-bundled only). */
  bareBundle?: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export interface Started {
  server: ServerProcess;
  client: SignedClient;
  /** Spawn → first signed slash command acked with 200, in ms. */
  firstAckMs: number;
  /** CPU time the process used until then (user + system), in ms: steadier than wall time on a shared machine. */
  firstAckCpuMs: number;
  stop(): Promise<void>;
}

/** Spawns the app and sends `body()` until the first 200: that time is the cold start. */
export async function startApp(kind: AppKind, sandbox: Sandbox, body: () => string, options: StartOptions = {}): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
  const env = kind === 'bot' ? botEnv(sandbox, { port, dataDir, logLevel: options.logLevel }) : bareEnv(sandbox, port);
  if (options.compileCache) env.NODE_COMPILE_CACHE = options.compileCache;
  const script = kind === 'bot' ? BOT_MAIN : kind === 'bare' ? BARE_MAIN : (options.bareBundle ?? BARE_MAIN);
  const server = spawnServer(script, env, { nodeArgs: options.nodeArgs, captureStdout: options.captureStdout });
  const client = new SignedClient(server.eventsUrl, sandbox.settings.slack.signingSecret ?? '');
  const cleanup = (): void => {
    client.close();
    rmSync(dataDir, { recursive: true, force: true });
  };
  let exited = false;
  void server.exited.then(() => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`${kind} exited before its first ack:\n${server.output()}`);
      if (performance.now() - server.spawnedAt > 30_000) throw new Error(`${kind} did not ack within 30 s:\n${server.output()}`);
      const answer = await client.send(body(), { timeoutMs: 10_000 });
      if (answer.status === 200) break;
      if (answer.status !== 0) throw new Error(`${kind} answered its first command with HTTP ${answer.status}:\n${server.output()}`);
      await sleep(2);
    }
  } catch (error) {
    await server.stop('SIGKILL');
    cleanup();
    throw error;
  }
  const firstAckMs = performance.now() - server.spawnedAt;
  const firstAckCpuMs = server.cpuMs();
  return {
    server,
    client,
    firstAckMs,
    firstAckCpuMs,
    stop: async () => {
      await server.stop();
      cleanup();
    },
  };
}

/** One cold start: wall time and CPU time from spawn to the first ack. */
export async function coldStart(kind: AppKind, sandbox: Sandbox, body: () => string, options: StartOptions = {}): Promise<{ ms: number; cpuMs: number }> {
  const started = await startApp(kind, sandbox, body, options);
  await started.stop();
  return { ms: started.firstAckMs, cpuMs: started.firstAckCpuMs };
}

export interface LoadPlan {
  warmupSeconds: number;
  rate: number;
  openSeconds: number;
  concurrency: number;
  closedSeconds: number;
}

export interface LoadResult {
  /** After a short warm-up with `/ops help`. */
  rssIdleMb: number;
  help: LatencyStats;
  closed: LatencyStats;
  /** After the `/ops help` load (open and closed loop): the figure compared with the bare app. */
  rssAfterMb: number;
  clicks?: LatencyStats;
  /** After the clicks too (the bot's click handlers load their workflow's vendor clients). */
  rssAfterClicksMb?: number;
}

/** `/ops help` must be answered in the ack: an empty 200 is a failure here. */
export const answeredInAck: Check = (a: Answer) => (a.body.length === 0 ? 'empty ack (answer not in the ack)' : undefined);

/**
 * Warm-up, `/ops help` open loop, closed loop, RSS; then the clicks, whose body `clickBody()` provides (the
 * bot's comes from a seed command, which may load vendor clients, so it runs after the help figures).
 */
export async function loadPhase(app: Started, plan: LoadPlan, help: () => string, clickBody: () => Promise<(() => string) | undefined>): Promise<LoadResult> {
  const send = (body: () => string) => () => app.client.send(body());
  await closedLoop(send(help), { concurrency: 10, seconds: plan.warmupSeconds });
  await sleep(200);
  const rssIdleMb = app.server.rssMb();
  const helpStats = await openLoop(send(help), { rate: plan.rate, seconds: plan.openSeconds, check: answeredInAck });
  const closed = await closedLoop(send(help), { concurrency: plan.concurrency, seconds: plan.closedSeconds, check: answeredInAck });
  const rssAfterMb = app.server.rssMb();
  const click = await clickBody();
  if (!click) return { rssIdleMb, help: helpStats, closed, rssAfterMb };
  await closedLoop(send(click), { concurrency: 10, seconds: plan.warmupSeconds });
  const clicks = await openLoop(send(click), { rate: plan.rate, seconds: plan.openSeconds });
  return { rssIdleMb, help: helpStats, closed, rssAfterMb, clicks, rssAfterClicksMb: app.server.rssMb() };
}
