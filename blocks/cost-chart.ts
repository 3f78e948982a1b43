import { dayLabel, formatMoney, type ChartData } from '../src/domain/cost.js';

/**
 * The daily-spend chart as SVG: stacked bars per day, one colour per top service, a legend, a y axis in the
 * billing currency. Pure text; the Slack adapter turns it into a PNG (no browser involved).
 */

export const CHART_FONT = 'DejaVu Sans';
const WIDTH = 1000;
const HEIGHT = 520;
const PAD = { left: 86, right: 24, top: 92, bottom: 56 };
const COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#76b7b2', '#9c9c9c'];

const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** 1, 2, 2.5 or 5 × a power of ten: a step that gives about `count` grid lines up to `max`. */
export function niceStep(max: number, count = 5): number {
  if (max <= 0) return 1;
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return step;
}

export function renderCostChartSvg(chart: ChartData, title: string, currency: string): string {
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const totals = chart.days.map((_, i) =>
    chart.series.reduce((s, series) => s + Math.max(0, series.values[i] ?? 0), 0),
  );
  const step = niceStep(Math.max(...totals, 0));
  const top = Math.max(step, Math.ceil(Math.max(...totals, 0) / step) * step);
  const y = (value: number) => PAD.top + plotH - (value / top) * plotH;
  const slot = plotW / Math.max(chart.days.length, 1);
  const barW = Math.max(2, slot * 0.72);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" font-family="${CHART_FONT}">`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#ffffff"/>`,
    `<text x="${PAD.left}" y="30" font-size="20" font-weight="bold" fill="#1d1c1d">${esc(title)}</text>`,
  ];
  // Legend, one row.
  let lx = PAD.left;
  chart.series.forEach((series, i) => {
    const label = series.name.length > 26 ? `${series.name.slice(0, 25)}…` : series.name;
    out.push(
      `<rect x="${lx}" y="48" width="14" height="14" fill="${COLOURS[i % COLOURS.length]}"/>`,
      `<text x="${lx + 20}" y="60" font-size="13" fill="#1d1c1d">${esc(label)}</text>`,
    );
    lx += 34 + label.length * 7.4;
  });
  // Grid and y labels.
  for (let v = 0; v <= top + step / 2; v += step) {
    const gy = y(v).toFixed(1);
    out.push(
      `<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${gy}" y2="${gy}" stroke="#e3e3e3"/>`,
      `<text x="${PAD.left - 8}" y="${Number(gy) + 4}" font-size="12" text-anchor="end" fill="#616061">${esc(formatMoney(v, currency).replace(/\.00$/, ''))}</text>`,
    );
  }
  // Bars, stacked largest series at the bottom.
  chart.days.forEach((day, i) => {
    const x = PAD.left + i * slot + (slot - barW) / 2;
    let base = 0;
    chart.series.forEach((series, s) => {
      const value = Math.max(0, series.values[i] ?? 0);
      if (value <= 0) return;
      out.push(
        `<rect x="${x.toFixed(1)}" y="${y(base + value).toFixed(1)}" width="${barW.toFixed(1)}" height="${(y(base) - y(base + value)).toFixed(1)}" fill="${COLOURS[s % COLOURS.length]}"/>`,
      );
      base += value;
    });
    if (i % 7 === 0 || i === chart.days.length - 1)
      out.push(
        `<text x="${(x + barW / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 20}" font-size="12" text-anchor="middle" fill="#616061">${esc(dayLabel(day))}</text>`,
      );
  });
  out.push(`<line x1="${PAD.left}" x2="${WIDTH - PAD.right}" y1="${y(0)}" y2="${y(0)}" stroke="#8d8d8d"/>`, '</svg>');
  return out.join('\n');
}
