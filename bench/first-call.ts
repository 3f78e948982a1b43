/**
 * Issue 11, finding 9: the first vendor call. Fresh starts of the bot (as the Dockerfile starts it, with a config
 * that uses every vendor client it has: Cloud Run, GitHub, BigQuery), the bare app, and the bare app with the
 * bot's vendor clients (the floor). The bot gets traffic once `/readyz` says ready, as Cloud Run's startup probe
 * gives it; the others once they ack. Then `/ops status` (the bot's first Cloud Run call) and, at the same moment,
 * `/ops help` at `rate`/s for `seconds` (open loop): the worst ack of that window. Then the RSS, every client loaded.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Sandbox } from '../sandbox/start-sandbox.js';
import { openLoop } from './load.js';
import { startApp, type Started } from './measure.js';
import { type AppKind, ROOT } from './processes.js';
import { slashBody, type Sink } from './requests.js';

export interface FirstCallPlan {
  starts: number;
  rate: number;
  seconds: number;
}

export interface FirstCallRun {
  /** The slowest ack (the `/ops status` or any `/ops help`) in the window, ms. */
  worstAckMs: number;
  failures: number;
  rssMb: number;
  /** Spawn → ready for traffic (the bot: `/readyz` 200; the others: warm as above), ms. */
  readyMs: number;
}

export type FirstCallKind = 'bot' | 'bare' | 'bare-vendors';
export type FirstCallResult = Record<FirstCallKind, FirstCallRun[]>;

const BILLING_TABLE = 'demo-project.billing_export.gcp_billing_export_v1_010101_ABCDEF_123456';
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function firstVendorCall(
  sandbox: Sandbox,
  sink: Sink,
  plan: FirstCallPlan,
  botCache: () => string,
  say: (line: string) => void,
): Promise<FirstCallResult> {
  const help = slashBody(sandbox.slack, sink, '/ops help');
  const status = slashBody(sandbox.slack, sink, '/ops status');
  const env = { CHATOPS_CONFIG: configWithBigQuery(), BIGQUERY_TABLE: BILLING_TABLE };
  const result: FirstCallResult = { bot: [], bare: [], 'bare-vendors': [] };
  for (let i = 0; i < plan.starts; i += 1) {
    for (const kind of ['bot', 'bare', 'bare-vendors'] as const) {
      const options = kind === 'bot' ? { compileCache: botCache(), env } : { env };
      const app = await startApp(kind satisfies AppKind, sandbox, help, options);
      try {
        await untilWarm(kind, app);
        const readyMs = performance.now() - app.server.spawnedAt;
        const window = openLoop(() => app.client.send(help()), { rate: plan.rate, seconds: plan.seconds });
        const first = await app.client.send(status());
        const load = await window;
        const run = {
          worstAckMs: Math.max(first.ms, load.max),
          failures: load.failures + (first.status === 200 ? 0 : 1),
          rssMb: app.server.rssMb(),
          readyMs,
        };
        result[kind].push(run);
        say(
          `first vendor call ${i + 1}/${plan.starts}, ${kind}: worst ack ${run.worstAckMs.toFixed(1)} ms, RSS ${run.rssMb.toFixed(0)} MB`,
        );
      } finally {
        await app.stop();
      }
    }
  }
  return result;
}

/** The bot: `/readyz` 200 (vendor clients warm). The floor app: its line on stderr. The bare app: its first ack. */
async function untilWarm(kind: FirstCallKind, app: Started): Promise<void> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    if (kind === 'bare') return;
    if (kind === 'bare-vendors' && app.server.output().includes('vendor clients loaded')) return;
    if (kind === 'bot') {
      const ready = await fetch(`http://127.0.0.1:${app.server.port}/readyz`).catch(() => undefined);
      if (ready?.status === 200) return;
    }
    await sleep(20);
  }
  throw new Error(`${kind} was not ready within 30 s:\n${app.server.output()}`);
}

/** chatops.example.yml with the sandbox's BigQuery billing table as the cost source, so that client warms too. */
function configWithBigQuery(): string {
  const config = parse(readFileSync(join(ROOT, 'chatops.example.yml'), 'utf8')) as { cost: { source: unknown } };
  config.cost.source = { bigquery: { table: BILLING_TABLE, location: 'EU', jobProject: 'demo-project' } };
  const file = join(mkdtempSync(join(tmpdir(), 'chatops-bench-config-')), 'chatops.yml');
  writeFileSync(file, stringify(config));
  return file;
}
