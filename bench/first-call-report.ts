/** The rows of the first-vendor-call phase (bench/first-call.ts) in the bench's table. */
import type { FirstCallResult, FirstCallRun } from './first-call.js';
import { median, type BenchRow } from './report.js';

export function firstCallRows(result: FirstCallResult, smoke: boolean): BenchRow[] {
  const judge = (ok: boolean): string => (smoke ? '—' : ok ? '✅' : '❌');
  const mid = (kind: keyof FirstCallResult, pick: (run: FirstCallRun) => number): number =>
    median(result[kind].map(pick));
  const starts = result.bot.length;
  const worst = { bot: mid('bot', (r) => r.worstAckMs), bare: mid('bare', (r) => r.worstAckMs) };
  const failures = result.bot.reduce((n, r) => n + r.failures, 0);
  const rss = {
    bot: mid('bot', (r) => r.rssMb),
    bare: mid('bare', (r) => r.rssMb),
    floor: mid('bare-vendors', (r) => r.rssMb),
  };
  const ready = { bot: mid('bot', (r) => r.readyMs), bare: mid('bare', (r) => r.readyMs) };
  const plus = (mb: number): string => `${mb >= 0 ? '+' : ''}${mb.toFixed(0)} MB`;
  return [
    {
      measure: `Worst ack in the 3 s after the first \`/ops status\`, 200/s (median of ${starts} fresh starts; the bot gets traffic once \`/readyz\` says ready); failures`,
      bot: `${worst.bot.toFixed(1)} ms; ${failures}`,
      bare: `${worst.bare.toFixed(1)} ms`,
      ratio: `${(worst.bot / worst.bare).toFixed(2)}×`,
      goal: '< 50 ms, 0 failures',
      met: judge(worst.bot < 50 && failures === 0),
    },
    {
      measure:
        'RSS with every vendor client loaded (Cloud Run, GitHub, BigQuery; google-auth-library for Monitoring and Firestore Admin), after that window',
      bot: `${rss.bot.toFixed(0)} MB`,
      bare: `${rss.bare.toFixed(0)} MB`,
      ratio: plus(rss.bot - rss.bare),
      goal: '≤ bare + 40 MB',
      met: judge(rss.bot - rss.bare <= 40),
    },
    {
      measure: '↳ floor: the bare app with the same vendor clients loaded (bench/bare-vendors-app.ts)',
      bot: `${rss.floor.toFixed(0)} MB`,
      bare: `${rss.bare.toFixed(0)} MB`,
      ratio: plus(rss.floor - rss.bare),
      goal: '',
      met: '—',
    },
    {
      measure: '↳ spawn → ready for traffic (the bot: `/readyz` 200 with the clients warm; bare: first ack)',
      bot: `${ready.bot.toFixed(0)} ms`,
      bare: `${ready.bare.toFixed(0)} ms`,
      ratio: `${(ready.bot / ready.bare).toFixed(2)}×`,
      goal: '',
      met: '—',
    },
  ];
}
