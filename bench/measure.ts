/** One server process measured: cold start, then (for the load phase) warm-up, open loop, closed loop, RSS. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sandbox } from '../sandbox/start-sandbox.js';
import { SignedClient, type Answer } from './client.js';
import { closedLoop, combineRuns, openLoop, type Check, type LatencyStats } from './load.js';
import { type AppKind, appMain, bareEnv, botEnv, freePort, spawnServer, type ServerProcess } from './processes.js';

/** How the Dockerfile starts the bot: NODE_COMPILE_CACHE in a folder the build filled (see warmCompileCache). */
export interface StartOptions {
  nodeArgs?: string[];
  logLevel?: string;
  captureStdout?: boolean;
  compileCache?: string;
  /** The bundled bare app (bare-bundled only). */
  bareBundle?: string;
  /** Added to (or replacing) the app's environment, e.g. another CHATOPS_CONFIG. */
  env?: Record<string, string>;
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
export async function startApp(
  kind: AppKind,
  sandbox: Sandbox,
  body: () => string,
  options: StartOptions = {},
): Promise<Started> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'chatops-bench-'));
  const env =
    kind === 'bare' || kind === 'bare-bundled'
      ? bareEnv(sandbox, port)
      : botEnv(sandbox, { port, dataDir, logLevel: options.logLevel });
  if (options.compileCache) env.NODE_COMPILE_CACHE = options.compileCache;
  Object.assign(env, options.env);
  const script = appMain(kind, options.bareBundle);
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
      if (performance.now() - server.spawnedAt > 30_000)
        throw new Error(`${kind} did not ack within 30 s:\n${server.output()}`);
      const answer = await client.send(body(), { timeoutMs: 10_000 });
      if (answer.status === 200) break;
      if (answer.status !== 0)
        throw new Error(`${kind} answered its first command with HTTP ${answer.status}:\n${server.output()}`);
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
export async function coldStart(
  kind: AppKind,
  sandbox: Sandbox,
  body: () => string,
  options: StartOptions = {},
): Promise<{ ms: number; cpuMs: number }> {
  const started = await startApp(kind, sandbox, body, options);
  await started.stop();
  return { ms: started.firstAckMs, cpuMs: started.firstAckCpuMs };
}

export interface LoadPlan {
  warmupSeconds: number;
  rate: number;
  openSeconds: number;
  /** Open-loop runs per app, alternating bot and bare; each figure is the median over them. */
  rounds: number;
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
export const answeredInAck: Check = (a: Answer) =>
  a.body.length === 0 ? 'empty ack (answer not in the ack)' : undefined;

type Both<T> = { bot: T; bare: T };
const KINDS = ['bot', 'bare'] as const;

/**
 * The load phase for both apps, running side by side but loaded one at a time: warm-up, `/ops help` open loop
 * (`rounds` runs each, alternating, so both meet the same moments of a shared machine), closed loop, RSS; then
 * the clicks the same way, whose body `clickBody()` provides (the bot's comes from a seed command, which may
 * load vendor clients, so it runs after the help figures).
 */
export async function loadBoth(
  apps: Both<Started>,
  plan: LoadPlan,
  help: () => string,
  clickBody: () => Promise<(() => string) | undefined>,
): Promise<Both<LoadResult>> {
  const send = (app: Started, body: () => string) => () => app.client.send(body());
  const alternate = async (body: Both<() => string>, check?: Check): Promise<Both<LatencyStats>> => {
    const runs: Both<LatencyStats[]> = { bot: [], bare: [] };
    for (let round = 0; round < plan.rounds; round += 1) {
      for (const kind of KINDS)
        runs[kind].push(
          await openLoop(send(apps[kind], body[kind]), { rate: plan.rate, seconds: plan.openSeconds, check }),
        );
    }
    return { bot: combineRuns(runs.bot), bare: combineRuns(runs.bare) };
  };
  const rss = (): Both<number> => ({ bot: apps.bot.server.rssMb(), bare: apps.bare.server.rssMb() });

  for (const kind of KINDS) await closedLoop(send(apps[kind], help), { concurrency: 10, seconds: plan.warmupSeconds });
  await sleep(200);
  const idle = rss();
  const helpStats = await alternate({ bot: help, bare: help }, answeredInAck);
  const closed = {
    bot: await closedLoop(send(apps.bot, help), {
      concurrency: plan.concurrency,
      seconds: plan.closedSeconds,
      check: answeredInAck,
    }),
    bare: await closedLoop(send(apps.bare, help), {
      concurrency: plan.concurrency,
      seconds: plan.closedSeconds,
      check: answeredInAck,
    }),
  };
  const after = rss();
  const result = (kind: 'bot' | 'bare'): LoadResult => ({
    rssIdleMb: idle[kind],
    help: helpStats[kind],
    closed: closed[kind],
    rssAfterMb: after[kind],
  });
  const click = await clickBody();
  if (!click) return { bot: result('bot'), bare: result('bare') };
  for (const kind of KINDS) await closedLoop(send(apps[kind], click), { concurrency: 10, seconds: plan.warmupSeconds });
  const clicks = await alternate({ bot: click, bare: click });
  const afterClicks = rss();
  return {
    bot: { ...result('bot'), clicks: clicks.bot, rssAfterClicksMb: afterClicks.bot },
    bare: { ...result('bare'), clicks: clicks.bare, rssAfterClicksMb: afterClicks.bare },
  };
}
