import type {
  CanaryProgress,
  CanaryRecord,
  CanaryStepAnalysis,
  RuleMark,
  TrafficSummary,
} from '../src/domain/canary.js';
import { ms, percent, ruleWords } from '../src/domain/canary-words.js';
import { context, escapeMrkdwn, formatTime, link, message, section, type Block, type Message } from './kit.js';

/** The canary analysis in the deploy's thread (one reply per step) and in the final report. */

const MARK: Record<RuleMark, string> = { pass: ':white_check_mark:', 'low-traffic': ':warning:', fail: ':x:' };
const OUTCOME: Record<CanaryStepAnalysis['outcome'], string> = {
  pass: ':white_check_mark: passed',
  'pass-low-traffic': ':warning: passed with too little traffic (`tooLittleTraffic: pass`)',
  fail: ':x: failed',
};
const SOURCE = {
  'rest-of-traffic': 'rest of traffic',
  'fresh-revision': 'fresh baseline',
  'earlier-step': 'earlier step',
};

export function monitoringLinks(links: CanaryRecord['links'], revision: string): string {
  return `${link(links.logs, `Logs of ${revision}`)} · ${link(links.metrics, 'Service metrics')}`;
}

/** The reply for one piece of canary progress. */
export function canaryProgressMessage(p: CanaryProgress, timeZone: string): Message {
  switch (p.kind) {
    case 'links': {
      const base = p.baselineRevision ? `\nFresh baseline revision \`${p.baselineRevision}\` (the stable image).` : '';
      return message(`Monitoring for ${p.revision}`, [
        section(
          `:chart_with_upwards_trend: *Monitoring* for \`${p.revision}\`: ${monitoringLinks(p.links, p.revision)}${base}`,
        ),
      ]);
    }
    case 'analysed':
      return analysisMessage(p.analysis);
    case 'extending':
      return message(`${p.step}: too little traffic, baking again`, [
        section(
          `:warning: *${escapeMrkdwn(p.step)}*: too little traffic to judge (${p.canary.requests} canary requests, ${p.minRequests} needed). Holding the traffic and baking again (extension ${p.extension} of ${p.of}).`,
        ),
      ]);
    case 'metrics-unavailable': {
      const next = p.holding
        ? `Holding the traffic where it is and asking again until ${p.until ? formatTime(new Date(p.until), timeZone) : 'the hold ends'} (\`metricsUnavailable: hold\`).`
        : 'The step fails (`metricsUnavailable: fail`): a canary is never passed without its metrics.';
      return message(`${p.step}: metrics unavailable`, [
        section(
          `:warning: *${escapeMrkdwn(p.step)}*: Cloud Monitoring metrics unavailable: ${escapeMrkdwn(p.error)}. ${next}`,
        ),
      ]);
    }
  }
}

/** Canary against baseline as a small table: requests, 5xx %, p95, p99. */
export function numbersTable(a: CanaryStepAnalysis): string {
  const row = (label: string, s: TrafficSummary | undefined, note = '') =>
    `${label.padEnd(9)}${String(s?.requests ?? '—').padStart(9)}${(s ? percent(s.errorRate) : '—').padStart(10)}${ms(s?.p95).padStart(9)}${ms(s?.p99).padStart(9)}${note}`;
  const b = a.baseline;
  return [
    `${''.padEnd(9)}${'requests'.padStart(9)}${'5xx'.padStart(10)}${'p95'.padStart(9)}${'p99'.padStart(9)}`,
    row('canary', a.canary),
    b ? row('baseline', b, `  (${SOURCE[b.source]}, ${b.revision})`) : 'baseline  none: absolute limits only',
  ].join('\n');
}

function analysisMessage(a: CanaryStepAnalysis): Message {
  const head = `:bar_chart: *${escapeMrkdwn(a.step)} analysis* · ${a.percent} % traffic · bake ${a.bakeSeconds}s${a.extensions ? ` (+${a.extensions} extended)` : ''} · ${OUTCOME[a.outcome]}`;
  const verdicts = a.verdicts.map((v) => `${MARK[v.mark]} ${escapeMrkdwn(ruleWords(v.rule))}`).join('\n');
  return message(`${a.step} analysis: ${a.outcome}`, [section(`${head}\n\`\`\`${numbersTable(a)}\`\`\`\n${verdicts}`)]);
}

/** The final report's canary section: each step in a line, and the Monitoring links. */
export function canaryReportBlocks(record: CanaryRecord): Block[] {
  if (record.steps.length === 0) return [context(`Monitoring: ${monitoringLinks(record.links, record.revision)}`)];
  const lines = record.steps.map((a) => {
    const b = a.baseline;
    const vs = (x: string, y: string | undefined) => (y === undefined ? x : `${x} vs ${y}`);
    return `${MARK[a.outcome === 'fail' ? 'fail' : a.outcome === 'pass' ? 'pass' : 'low-traffic']} ${escapeMrkdwn(a.step)}: ${a.canary.requests} requests · 5xx ${vs(percent(a.canary.errorRate), b && percent(b.errorRate))} · p95 ${vs(ms(a.canary.p95), b && ms(b.p95))} · p99 ${vs(ms(a.canary.p99), b && ms(b.p99))}`;
  });
  return [
    section(`*Canary analysis* (canary vs baseline)\n${lines.join('\n')}`),
    context(`Monitoring: ${monitoringLinks(record.links, record.revision)}`),
  ];
}
