/**
 * The cost report over a 1,000,000-row CSV: time and peak RSS. `runCostBench()` writes the file (the demo
 * export, hourly, 30 projects, 90 days; deterministic), then runs the report in a fresh `node` process, so
 * the figures are the report's alone: the streamed parse and aggregation, the analysis, the deploy lookup
 * in a SQLite store, the Block Kit rendering and the PNG chart. Goal (issue 5): under 5 s and 300 MB.
 * CLI: `node dist/bench/cost-bench.js` prints the result as JSON.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { renderCostChartSvg } from '../blocks/cost-chart.js';
import { chartTitle, renderCostReport } from '../blocks/cost.js';
import { createCsvCostSource } from '../src/adapters/billing/csv-source.js';
import { svgToPng } from '../src/adapters/chart/png.js';
import { openSqliteStore } from '../src/adapters/sqlite/sqlite-store.js';
import { loadConfigFile } from '../src/config/load-config.js';
import { createLogger } from '../src/logging/logger.js';
import { packageRoot } from '../src/package-root.js';
import { demoBillingRows, writeBillingCsv } from '../sandbox/bigquery/demo-billing.js';
import type { WorkflowContext } from '../src/workflows/context.js';
import { buildCostReport } from '../src/workflows/cost/report.js';

export interface CostBenchResult {
  rows: number;
  ms: number;
  rssMb: number;
}

const ROWS = 1_000_000;
const END = '2026-11-20';
const NOW = new Date(`${END}T10:00:00Z`);

export async function runCostBench(options: { rows?: number } = {}): Promise<CostBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'chatops-cost-bench-'));
  try {
    const csv = join(dir, 'billing.csv');
    const rows = await writeBillingCsv(
      csv,
      demoBillingRows({ end: END, days: 90, windowsPerDay: 24, extraProjects: 28 }),
      options.rows ?? ROWS,
    );
    // The child is always the compiled file, also when this module runs from source (vitest): `npm run build` first.
    const child = join(packageRoot(), 'dist', 'bench', 'cost-bench.js');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', child, '--report', csv, dir],
      { maxBuffer: 1 << 20 },
    );
    const measured = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as {
      ms: number;
      rssMb: number;
      bytes: number;
    };
    return { rows, ms: measured.ms, rssMb: measured.rssMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The child: one report, start to PNG, then its time and the process's peak RSS. */
async function reportOnce(csv: string, dir: string): Promise<void> {
  const config = loadConfigFile(join(packageRoot(), 'chatops.example.yml'));
  const store = openSqliteStore(join(dir, 'chatops.sqlite'));
  const log = await createLogger({ level: 'silent', secrets: [] });
  const ctx = {
    config,
    store,
    costSource: createCsvCostSource(csv),
    clock: { now: () => NOW, sleep: async () => undefined },
    log,
  } as unknown as WorkflowContext;
  const started = performance.now();
  const report = await buildCostReport(ctx, { period: { kind: 'month' }, by: 'service' });
  const message = renderCostReport(report);
  const png = await svgToPng(renderCostChartSvg(report.chart, chartTitle(report), report.currency));
  const ms = Math.round(performance.now() - started);
  await store.close();
  if (message.blocks.length === 0 || png.length === 0) throw new Error('empty report');
  process.stdout.write(
    `${JSON.stringify({ ms, rssMb: Math.round(process.resourceUsage().maxRSS / 1024), bytes: statSync(csv).size })}\n`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [flag, csv, dir] = process.argv.slice(2);
  const run =
    flag === '--report' && csv && dir
      ? reportOnce(csv, dir)
      : runCostBench().then((result) => process.stdout.write(`${JSON.stringify(result)}\n`));
  run.catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
}
