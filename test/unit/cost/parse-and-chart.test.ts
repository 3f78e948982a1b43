import { describe, expect, it } from 'vitest';
import { niceStep, renderCostChartSvg } from '../../../blocks/cost-chart.js';
import { parseCost } from '../../../commands/cost/parse.js';
import { svgToPng } from '../../../src/adapters/chart/png.js';

describe('/cost text', () => {
  it.each([
    ['', { kind: 'report', period: { kind: 'month' }, by: 'service' }],
    ['week', { kind: 'report', period: { kind: 'week' }, by: 'service' }],
    ['LAST-MONTH --by SKU', { kind: 'report', period: { kind: 'last-month' }, by: 'sku' }],
    [
      '--by project 2026-11-01..2026-11-15',
      { kind: 'report', period: { kind: 'range', from: '2026-11-01', to: '2026-11-15' }, by: 'project' },
    ],
    ['help', { kind: 'help' }],
  ])('%j', (text, expected) => {
    expect(parseCost(text)).toEqual(expected);
  });

  it.each([
    ['--by', '--by needs a value'],
    ['--by service --by sku', '--by is given twice.'],
    ['2026-11-01..', 'Unknown period "2026-11-01.."'],
    [`${'x'.repeat(60)}`, `Unknown period "${'x'.repeat(40)}…"`],
  ])('%s is refused', (text, problem) => {
    const parsed = parseCost(text);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.problem).toContain(problem);
  });
});

describe('the chart', () => {
  const chart = {
    days: ['2026-11-01', '2026-11-02', '2026-11-03'],
    series: [
      { name: 'Cloud Run <prod> & "co"', values: [10, 20, 30] },
      { name: 'Other', values: [1, -2, 3] },
    ],
  };

  it('is SVG with escaped names, a stacked bar per day, and a readable axis', () => {
    const svg = renderCostChartSvg(chart, 'Daily spend', 'USD');
    expect(svg).toContain('Cloud Run &#60;prod&#62; &#38; &#34;co&#34;');
    expect(svg).not.toContain('<prod>');
    expect(
      svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#(4e79a7|f28e2b)"\/>/g),
    ).toHaveLength(2 + 5); // two legend keys, five bars: a negative value is not drawn
    expect(svg).toContain('>$40<'); // the highest day is 33: the axis goes to the next step of 10
    expect([niceStep(33), niceStep(1234), niceStep(0), niceStep(9)]).toEqual([10, 250, 1, 2]);
  });

  it('renders to PNG without a browser or system fonts', async () => {
    const png = Buffer.from(await svgToPng(renderCostChartSvg(chart, 'Daily spend', 'USD')));
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1000, 520]);
  });
});
