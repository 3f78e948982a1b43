import type { CanaryRecord, SeriesPoint } from '../src/domain/canary.js';
import { CHART_FONT, niceStep } from './cost-chart.js';

/**
 * Canary against baseline over the rollout, as SVG: two panels (5xx rate, p99 latency), a line per side, the
 * steps marked where their traffic moved. Pure text; the Slack adapter draws it as a PNG.
 */
const WIDTH = 1000;
const PANEL = 210;
const PAD = { left: 80, right: 24, top: 84, gap: 56, bottom: 40 };
const HEIGHT = PAD.top + 2 * PANEL + PAD.gap + PAD.bottom;
const COLOURS = { canary: '#e15759', baseline: '#4e79a7' };

const xml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

interface Line {
  points: { t: number; v: number }[];
  colour: string;
}

export function canaryChartTitle(service: string, environment: string, revision: string): string {
  return `Canary analysis: ${service} → ${environment} (${revision})`;
}

export function renderCanaryChartSvg(record: CanaryRecord, title: string): string {
  const all = record.steps.flatMap((s) => [...s.series.canary, ...s.series.baseline].map((p) => Date.parse(p.at)));
  const starts = record.steps.map((s) => Date.parse(s.start));
  const t0 = Math.min(...all, ...starts);
  const t1 = Math.max(...all, ...starts, t0 + 60_000);
  const plotW = WIDTH - PAD.left - PAD.right;
  const x = (t: number) => PAD.left + ((t - t0) / (t1 - t0)) * plotW;
  const side = (key: 'canary' | 'baseline', value: (p: SeriesPoint) => number | undefined): Line => ({
    colour: COLOURS[key],
    points: record.steps
      .flatMap((s) => s.series[key])
      .flatMap((p) => {
        const v = value(p);
        return v === undefined ? [] : [{ t: Date.parse(p.at), v }];
      })
      .sort((a, b) => a.t - b.t),
  });
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${CHART_FONT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="30" font-size="20" font-weight="bold" fill="#1d1c1d">${xml(title)}</text>`,
    ...legend(),
  ];
  const errors = (p: SeriesPoint) => p.errorRate * 100;
  const p99 = (p: SeriesPoint) => p.p99;
  out.push(...panel('5xx rate (%)', PAD.top, [side('baseline', errors), side('canary', errors)], x));
  out.push(...panel('p99 latency (ms)', PAD.top + PANEL + PAD.gap, [side('baseline', p99), side('canary', p99)], x));
  record.steps.forEach((s, i) => {
    const sx = x(starts[i]!).toFixed(1);
    out.push(
      `<line x1="${sx}" x2="${sx}" y1="${PAD.top}" y2="${HEIGHT - PAD.bottom}" stroke="#9c9c9c" stroke-dasharray="4 4"/>`,
      `<text x="${Number(sx) + 4}" y="${HEIGHT - PAD.bottom + 18}" font-size="12" fill="#616061">${xml(`${s.percent} %`)}</text>`,
    );
  });
  out.push('</svg>');
  return out.join('\n');
}

function legend(): string[] {
  return (['canary', 'baseline'] as const).flatMap((key, i) => [
    `<rect x="${PAD.left + i * 120}" y="46" width="14" height="14" fill="${COLOURS[key]}"/>`,
    `<text x="${PAD.left + i * 120 + 20}" y="58" font-size="13" fill="#1d1c1d">${key}</text>`,
  ]);
}

function panel(label: string, top: number, lines: Line[], x: (t: number) => number): string[] {
  const max = Math.max(0, ...lines.flatMap((l) => l.points.map((p) => p.v)));
  const step = niceStep(max, 4);
  const ceiling = Math.max(step, Math.ceil(max / step) * step);
  const y = (v: number) => top + PANEL - (v / ceiling) * PANEL;
  const out = [
    `<text x="${PAD.left}" y="${top - 10}" font-size="13" font-weight="bold" fill="#1d1c1d">${xml(label)}</text>`,
  ];
  for (let v = 0; v <= ceiling + step / 2; v += step) {
    const gy = y(v).toFixed(1);
    out.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${gy}" y2="${gy}" stroke="#e3e3e3"/>`,
      `<text x="${PAD.left - 8}" y="${Number(gy) + 4}" font-size="12" text-anchor="end" fill="#616061">${Number(v.toFixed(2))}</text>`,
    );
  }
  for (const line of lines) {
    const coords = line.points.map((p) => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`);
    if (coords.length > 1)
      out.push(`<polyline points="${coords.join(' ')}" fill="none" stroke="${line.colour}" stroke-width="2"/>`);
    for (const c of coords) {
      const [cx, cy] = c.split(',');
      out.push(`<circle cx="${cx}" cy="${cy}" r="3.5" fill="${line.colour}"/>`);
    }
  }
  return out;
}
