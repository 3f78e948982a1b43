/** The table `npm run bench` prints: each figure for the bot and the bare Bolt app, their ratio, the goal. */
import type { LatencyStats } from './load.js';
import type { LoadResult } from './measure.js';

export interface BenchRow {
  measure: string;
  bot: string;
  bare: string;
  ratio: string;
  goal: string;
  /** ✅ met, ❌ missed, — not judged (smoke run, or no goal). */
  met: string;
}

export interface Figures {
  smoke: boolean;
  /** bareBundled: the bare app started the way the bot is (bundled, warm compile cache). */
  coldStart: { bot: number[]; bare: number[]; bareBundled: number[] };
  coldStartCpu: { bot: number[]; bare: number[]; bareBundled: number[] };
  bot: LoadResult;
  bare: LoadResult;
  /** Why the click rows are n/a, when they are. */
  clicksUnavailable?: string;
  clickLabel?: string;
  plan: {
    rate: number;
    openSeconds: number;
    rounds: number;
    concurrency: number;
    closedSeconds: number;
    coldRuns: number;
  };
  extraRows: BenchRow[];
}

export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? Number.NaN) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

const ms = (v: number): string => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(0)} ms` : 'n/a');
const x = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(2)}×` : 'n/a');
const rounds = (n: number): string => (n > 1 ? ` × ${n} runs (median)` : '');
const mb = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(0)} MB` : 'n/a');

export function buildRows(f: Figures): BenchRow[] {
  const judge = (ok: boolean): string => (f.smoke ? '—' : ok ? '✅' : '❌');
  const p = f.plan;
  const cold = {
    bot: median(f.coldStart.bot),
    bare: median(f.coldStart.bare),
    bareBundled: median(f.coldStart.bareBundled),
  };
  const cpu = { bot: median(f.coldStartCpu.bot), bare: median(f.coldStartCpu.bare) };
  const rows: BenchRow[] = [
    {
      measure: `Cold start: spawn → first signed slash command acked (median of ${p.coldRuns}); the bot as the Dockerfile starts it`,
      bot: ms(cold.bot),
      bare: ms(cold.bare),
      ratio: x(cold.bot / cold.bare),
      goal: '≤ 1.3×',
      met: judge(cold.bot / cold.bare <= 1.3),
    },
    {
      measure:
        "↳ against the bare app started the same way (bundled, warm compile cache): what the bot's own code costs",
      bot: ms(cold.bot),
      bare: ms(cold.bareBundled),
      ratio: x(cold.bot / cold.bareBundled),
      goal: '',
      met: '—',
    },
    {
      measure: '↳ CPU time (user + system) until that ack (median; steadier on a shared machine)',
      bot: ms(cpu.bot),
      bare: ms(cpu.bare),
      ratio: x(cpu.bot / cpu.bare),
      goal: '',
      met: '—',
    },
    ...latencyRows(
      `\`/ops help\`, open loop ${p.rate}/s for ${p.openSeconds} s${rounds(p.rounds)}`,
      f.bot.help,
      f.bare.help,
      judge,
    ),
  ];
  if (f.bot.clicks && f.bare.clicks)
    rows.push(
      ...latencyRows(
        `Button click (${f.clickLabel ?? 'click'}), open loop ${p.rate}/s for ${p.openSeconds} s${rounds(p.rounds)}`,
        f.bot.clicks,
        f.bare.clicks,
        judge,
      ),
    );
  else
    rows.push(
      {
        measure: `Button click, open loop ${p.rate}/s for ${p.openSeconds} s`,
        bot: 'n/a',
        bare: 'n/a',
        ratio: 'n/a',
        goal: 'p99 ≤ 1.5×, < 100 ms, 0 failures',
        met: '—',
      },
      { measure: `↳ ${f.clicksUnavailable ?? 'no click target'}`, bot: '', bare: '', ratio: '', goal: '', met: '' },
    );
  const tput = f.bot.closed.throughput / f.bare.closed.throughput;
  rows.push({
    measure: `\`/ops help\`, closed loop at concurrency ${p.concurrency} for ${p.closedSeconds} s: throughput`,
    bot: `${f.bot.closed.throughput.toFixed(0)} req/s`,
    bare: `${f.bare.closed.throughput.toFixed(0)} req/s`,
    ratio: x(tput),
    goal: '≥ 0.7×',
    met: judge(tput >= 0.7 && f.bot.closed.failures === 0),
  });
  const extra = f.bot.rssAfterMb - f.bare.rssAfterMb;
  rows.push({
    measure: 'RSS after the `/ops help` load',
    bot: mb(f.bot.rssAfterMb),
    bare: mb(f.bare.rssAfterMb),
    ratio: `${extra >= 0 ? '+' : ''}${mb(extra)}`,
    goal: '≤ bare + 40 MB',
    met: judge(extra <= 40),
  });
  rows.push({
    measure: 'RSS idle, after warm-up',
    bot: mb(f.bot.rssIdleMb),
    bare: mb(f.bare.rssIdleMb),
    ratio: `+${mb(f.bot.rssIdleMb - f.bare.rssIdleMb)}`,
    goal: '',
    met: '—',
  });
  if (f.bot.rssAfterClicksMb !== undefined && f.bare.rssAfterClicksMb !== undefined) {
    rows.push({
      measure: 'RSS after the clicks too',
      bot: mb(f.bot.rssAfterClicksMb),
      bare: mb(f.bare.rssAfterClicksMb),
      ratio: `+${mb(f.bot.rssAfterClicksMb - f.bare.rssAfterClicksMb)}`,
      goal: '',
      met: '—',
    });
  }
  rows.push(...f.extraRows);
  return rows;
}

function latencyRows(label: string, bot: LatencyStats, bare: LatencyStats, judge: (ok: boolean) => string): BenchRow[] {
  const p99 = bot.p99 / bare.p99;
  return [
    {
      measure: `${label}: p50`,
      bot: ms(bot.p50),
      bare: ms(bare.p50),
      ratio: x(bot.p50 / bare.p50),
      goal: '',
      met: '—',
    },
    {
      measure: `${label}: p99`,
      bot: ms(bot.p99),
      bare: ms(bare.p99),
      ratio: x(p99),
      goal: '≤ 1.5×, < 100 ms',
      met: judge(p99 <= 1.5 && bot.p99 < 100),
    },
    {
      measure: `${label}: failures`,
      bot: `${bot.failures} / ${bot.sent}`,
      bare: `${bare.failures} / ${bare.sent}`,
      ratio: '',
      goal: '0',
      met: judge(bot.failures === 0),
    },
  ];
}

export function renderTable(rows: BenchRow[]): string {
  const head = ['Measure', 'Bot', 'Bare Bolt app', 'Bot ÷ bare', 'Goal', 'Met'];
  const lines = [head, head.map(() => '---'), ...rows.map((r) => [r.measure, r.bot, r.bare, r.ratio, r.goal, r.met])];
  return lines.map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}
