import {
  dayLabel,
  daysLabel,
  formatMoney,
  formatPercent,
  monthEnd,
  rangeLabel,
  type Anomaly,
  type CostReport,
  type Mover,
  type Opportunity,
} from '../src/domain/cost.js';
import { actionText } from './cost-actions.js';
import {
  context,
  divider,
  escapeMrkdwn,
  fields,
  formatTime,
  header,
  message,
  section,
  type Block,
  type Message,
} from './kit.js';

const DIMENSION: Record<CostReport['by'], string> = { service: 'service', project: 'project', sku: 'SKU' };
const RISK_ICON = { low: ':large_green_circle:', medium: ':large_yellow_circle:', high: ':red_circle:' } as const;
const BAR_WIDTH = 12;

/** The Cost Analysis Report in runbook order: facts, breakdown, change, anomalies, opportunities, actions. */
export function renderCostReport(report: CostReport, title = `Cost Analysis Report: ${report.period.label}`): Message {
  const money = (n: number) => formatMoney(n, report.currency);
  const blocks: Block[] = [
    header(title),
    ...fields([
      [`Spend, ${rangeLabel(report.period)}`, money(report.total)],
      [
        `Month to date (${rangeLabel(report.monthToDate)})`,
        `${money(report.monthToDate.amount)} · ${formatPercent(share(report.monthToDate.amount, report.budget.monthly))} of budget`,
      ],
      ['Monthly budget', formatMoney(report.budget.monthly, report.budget.currency)],
      [`Forecast for ${dayLabel(monthEnd(report.monthToDate.to))}`, money(report.forecast.amount)],
      ['Gap to budget', gap(report)],
      [`Change vs ${report.previous.label}`, change(report.total, report.previousTotal, money)],
    ]),
    divider(),
    section(`*Cost breakdown by ${DIMENSION[report.by]}*\n${breakdown(report, money)}`),
    section(
      `*Change against ${escapeMrkdwn(report.previous.label)}* (${money(report.previousTotal)} → ${money(report.total)})\n${report.movers.length ? report.movers.map((m) => mover(m, money)).join('\n') : `No ${DIMENSION[report.by]} moved by more than 1% of the total.`}`,
    ),
    section(
      `*Anomalies*\n${
        report.anomalies.length
          ? report.anomalies
              .slice(0, 5)
              .map((a) => anomaly(a, money, report.timeZone))
              .join('\n')
          : `None in ${rangeLabel(report.period)}.`
      }`,
    ),
    context(
      `Anomalies are ${escapeMrkdwn(report.anomalyMethod)}. A deploy lines up when it rolled out on the first anomalous day or the day before, in a project with that cost.`,
    ),
    ...opportunities(report.opportunities, money),
    section(
      `*Recommended actions*\n${report.actions.map((a, i) => `${i + 1}. ${escapeMrkdwn(actionText(a, report.currency))}`).join('\n')}`,
    ),
    context(
      `Source: ${escapeMrkdwn(report.source)} · data through ${report.dataThrough ? dayLabel(report.dataThrough) : '—'} · forecast: ${escapeMrkdwn(report.forecast.basis)}`,
      `Generated ${formatTime(new Date(report.generatedAt), report.timeZone)} · \`/cost week|month|last-month|YYYY-MM-DD..YYYY-MM-DD --by service|project|sku\``,
    ),
    ...report.notes.map((note) => context(`:information_source: ${escapeMrkdwn(note)}`)),
  ];
  return message(summary(report, title, money), blocks);
}

const share = (part: number, whole: number): number => (whole > 0 ? part / whole : 0);
const count = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function summary(report: CostReport, title: string, money: (n: number) => string): string {
  const over = report.forecast.amount - report.budget.monthly;
  const verdict = over > 0 ? `${money(over)} over budget` : `${money(-over)} under budget`;
  return `${title}: ${money(report.total)} spent; month to date ${money(report.monthToDate.amount)} of ${money(report.budget.monthly)}; forecast ${money(report.forecast.amount)} (${verdict}); ${count(report.anomalies.length, 'anomaly', 'anomalies')}; ${count(report.opportunities.length, 'savings opportunity', 'savings opportunities')}.`;
}

function gap(report: CostReport): string {
  const over = report.forecast.amount - report.budget.monthly;
  const ratio = formatPercent(share(Math.abs(over), report.budget.monthly));
  return over > 0
    ? `:warning: forecast ${formatMoney(over, report.currency)} over (${ratio})`
    : `:white_check_mark: forecast ${formatMoney(-over, report.currency)} under (${ratio})`;
}

function change(now: number, before: number, money: (n: number) => string): string {
  const delta = now - before;
  const sign = delta < 0 ? '−' : '+';
  return `${sign}${money(Math.abs(delta))}${before > 0 ? ` (${formatPercent(delta / before, true)})` : ''}`;
}

function bar(ratio: number): string {
  const eighths = Math.round(Math.max(0, Math.min(1, ratio)) * BAR_WIDTH * 8);
  const partial = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'][eighths % 8] ?? '';
  return `\`${('█'.repeat(Math.floor(eighths / 8)) + partial).padEnd(BAR_WIDTH, ' ')}\``;
}

function breakdown(report: CostReport, money: (n: number) => string): string {
  const { items, other } = report.breakdown;
  if (items.length === 0) return 'No spend in this period.';
  const lines = items.map(
    (item) => `${bar(item.share)} *${escapeMrkdwn(item.key)}* ${money(item.amount)} · ${formatPercent(item.share)}`,
  );
  if (other)
    lines.push(
      `${bar(other.share)} _other (${other.count} more)_ ${money(other.amount)} · ${formatPercent(other.share)}`,
    );
  return lines.join('\n');
}

function mover(m: Mover, money: (n: number) => string): string {
  const icon = m.change > 0 ? ':arrow_up_small:' : ':arrow_down_small:';
  const ratio = m.changeRatio === null ? 'new' : formatPercent(m.changeRatio, true);
  return `${icon} *${escapeMrkdwn(m.key)}* ${m.change > 0 ? '+' : '−'}${money(Math.abs(m.change))} (${ratio}): ${money(m.previous)} → ${money(m.current)}`;
}

function anomaly(a: Anomaly, money: (n: number) => string, timeZone: string): string {
  const days = daysLabel(a.from, a.to);
  const head = `:rotating_light: *${days} · ${escapeMrkdwn(a.service)}*: ${money(a.peakAmount)} on ${dayLabel(a.peakDay)}, ${money(a.peakAmount - a.baseline)} above its baseline of ${money(a.baseline)}/day${a.from === a.to ? '' : ` (${money(a.excess)} over the ${days} run)`}`;
  if (a.deploys.length === 0) return `${head}\n      no deploy lines up with it`;
  const deploys = a.deploys
    .slice(0, 3)
    .map(
      (d) =>
        `\`${escapeMrkdwn(d.sha.slice(0, 7))}\` of ${escapeMrkdwn(d.service)} to ${escapeMrkdwn(d.environment)} by <@${d.requestedBy}> at ${formatTime(new Date(d.at), timeZone)} (${d.status})`,
    );
  return `${head}\n      :link: lines up with deploy ${deploys.join('; ')}`;
}

function opportunities(list: Opportunity[], money: (n: number) => string): Block[] {
  if (list.length === 0)
    return [
      section('*Optimization opportunities*\nNone worth listing: no rule found monthly savings above the threshold.'),
    ];
  return [
    section(`*Optimization opportunities* · estimated monthly savings; some overlap, so they do not add up`),
    ...list
      .slice(0, 5)
      .map((o) =>
        section(
          `*${escapeMrkdwn(o.title)}* · saves ~${money(o.monthlySavings)}/month · ${RISK_ICON[o.risk]} ${o.risk} risk\n${escapeMrkdwn(o.detail)}\n*How:* ${escapeMrkdwn(o.how)}`,
        ),
      ),
  ];
}

/** The chart's title, also the file's title in Slack. */
export const chartTitle = (report: CostReport): string =>
  `Daily spend by service, ${rangeLabel({ from: report.chart.days[0] ?? report.period.from, to: report.chart.days.at(-1) ?? report.period.to })} (${report.currency})`;
