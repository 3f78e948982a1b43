import { describe, expect, it } from 'vitest';
import { renderCanaryChartSvg } from '../../../blocks/deploy-canary-chart.js';
import { canaryProgressMessage, canaryReportBlocks } from '../../../blocks/deploy-canary.js';
import type { CanaryRecord, CanaryStepAnalysis } from '../../../src/domain/canary.js';
import { failureWords, percent } from '../../../src/domain/canary-words.js';
import { textOf } from '../../support/text.js';

const failed: CanaryStepAnalysis = {
  step: 'Canary 10%',
  percent: 10,
  bakeSeconds: 120,
  start: '2026-12-07T10:00:00.000Z',
  end: '2026-12-07T10:02:00.000Z',
  canary: { revision: 'api-d1', requests: 1200, errors: 145, errorRate: 145 / 1200, p50: 60, p95: 130, p99: 180 },
  baseline: {
    revision: 'api-old',
    requests: 10800,
    errors: 22,
    errorRate: 22 / 10800,
    p95: 128,
    p99: 176,
    source: 'rest-of-traffic',
  },
  verdicts: [
    { metric: 'error-rate', mark: 'fail', rule: { kind: 'max-error-rate', limit: 0.05, canary: 145 / 1200 } },
    {
      metric: 'error-rate',
      mark: 'fail',
      rule: { kind: 'error-rate-factor', factor: 2, margin: 0.005, canary: 145 / 1200, baseline: 22 / 10800 },
    },
    { metric: 'p99', mark: 'pass', rule: { kind: 'p99-ratio', limit: 1.5, canary: 180, baseline: 176 } },
  ],
  outcome: 'fail',
  extensions: 0,
  series: {
    canary: [
      { at: '2026-12-07T10:01:00.000Z', requests: 600, errorRate: 0.12, p99: 181 },
      { at: '2026-12-07T10:02:00.000Z', requests: 600, errorRate: 0.121, p99: 179 },
    ],
    baseline: [{ at: '2026-12-07T10:01:00.000Z', requests: 5400, errorRate: 0.002, p99: 176 }],
  },
};
const record: CanaryRecord = {
  deploymentId: 'd-1',
  revision: 'api-d1',
  links: {
    revision: 'api-d1',
    logs: 'https://console.cloud.google.com/logs/query;query=x?project=p',
    metrics: 'https://console.cloud.google.com/run/detail/r/api/metrics?project=p',
  },
  steps: [failed],
};

describe('canary analysis in words', () => {
  it('a failed step names the failing rules with the canary and baseline numbers', () => {
    expect(failureWords(failed)).toBe(
      "canary analysis failed: 5xx rate 12.1 % is above the maximum 5 %; 5xx rate 12.1 % against the baseline's 0.2 % (fails above 2× and 0.5 % more)",
    );
    expect([percent(0), percent(0.0004), percent(0.05)]).toEqual(['0 %', '0.04 %', '5 %']);
  });

  it("the step's reply: share, bake, requests, 5xx %, p95 and p99 of both sides, and each verdict", () => {
    const text = textOf(canaryProgressMessage({ kind: 'analysed', analysis: failed }, 'Europe/Berlin'));
    expect(text).toContain('*Canary 10% analysis* · 10 % traffic · bake 120s · :x: failed');
    expect(text).toMatch(
      /canary\s+1200\s+12\.1 %\s+130 ms\s+180 ms\nbaseline\s+10800\s+0\.2 %\s+128 ms\s+176 ms {2}\(rest of traffic, api-old\)/,
    );
    expect(text).toContain(":white_check_mark: p99 180 ms against the baseline's 176 ms: ×1.02 (limit ×1.5)");
  });

  it("holding on metrics unavailable says until when, in the team's time zone", () => {
    const text = textOf(
      canaryProgressMessage(
        {
          kind: 'metrics-unavailable',
          step: 'Canary 10%',
          error: 'Cloud Monitoring is unavailable',
          holding: true,
          until: '2026-12-07T10:05:00.000Z',
        },
        'Europe/Berlin',
      ),
    );
    expect(text).toContain('asking again until 2026-12-07 11:05 Europe/Berlin (`metricsUnavailable: hold`)');
  });

  it('the report line per step, the links, and a chart with both sides and the steps marked', () => {
    const text = textOf({ text: '', blocks: canaryReportBlocks(record) });
    expect(text).toContain(
      ':x: Canary 10%: 1200 requests · 5xx 12.1 % vs 0.2 % · p95 130 ms vs 128 ms · p99 180 ms vs 176 ms',
    );
    expect(text).toContain('<https://console.cloud.google.com/run/detail/r/api/metrics?project=p|Service metrics>');
    const svg = renderCanaryChartSvg(record, 'Canary analysis: api → prod (api-d1)');
    expect(svg).toContain('Canary analysis: api → prod (api-d1)');
    expect(svg.match(/<polyline/g)).toHaveLength(2); // the canary's two points make lines; the baseline's one is a dot
    expect(svg).toContain('>10 %</text>');
    expect(svg).toContain('5xx rate (%)');
  });
});
