import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { histogramOf, boundsOf, toNumber, timestampOf, quote } from '../../../src/adapters/monitoring/mapping.js';
import { loadSettings } from '../../../src/config/env.js';
import { parseConfig } from '../../../src/config/load-config.js';
import { revisionLogsUrl, serviceMetricsUrl } from '../../../src/domain/cloud-console-links.js';
import { canarySplit } from '../../../src/workflows/deploy/canary-baseline.js';
import { verificationFor } from '../../../src/workflows/deploy/plan-steps.js';
import { resolveTarget } from '../../../src/workflows/deploy/target.js';
import { problemsOf } from '../../support/problems.js';

const example = readFileSync('chatops.example.yml', 'utf8');

describe('rollout.analysis in chatops.yml', () => {
  it('the example turns it on for api with the defaults', () => {
    const api = parseConfig(example, 'chatops.example.yml').services.api!;
    expect(api.rollout.analysis).toMatchObject({
      enabled: true,
      baseline: 'rest-of-traffic',
      maxErrorRatePercent: 5,
      tooLittleTraffic: 'extend',
      metricsUnavailable: 'hold',
    });
    expect(parseConfig(example, 'x').services.worker!.rollout.analysis).toBeUndefined();
  });

  it.each([
    [
      'maxErrorRatePercent: 5 ',
      'maxErrorRatePercent: 500 ',
      'services.api.rollout.analysis.maxErrorRatePercent: expected a number ≤ 100',
    ],
    [
      'tooLittleTraffic: extend',
      'tooLittleTraffic: wait',
      'services.api.rollout.analysis.tooLittleTraffic: expected one of "pass", "extend", "fail"',
    ],
    [
      'metricsUnavailable: hold',
      'metricsUnavailable: pass',
      'services.api.rollout.analysis.metricsUnavailable: expected one of "hold", "fail"',
    ],
    [
      'baseline: rest-of-traffic',
      'baseline: previous',
      'services.api.rollout.analysis.baseline: expected one of "rest-of-traffic", "fresh-revision"',
    ],
    [
      'confidence: 0.95',
      'confidence: 2',
      'services.api.rollout.analysis.statistics.confidence: expected a number ≤ 0.9999',
    ],
    [
      'maxHoldSeconds: 300',
      'maxHoldSecs: 300',
      'services.api.rollout.analysis.maxHoldSecs: unknown key (check the spelling; see chatops.example.yml)',
    ],
  ])('names the key path: %s → %s', (from, to, problem) => {
    expect(problemsOf(() => parseConfig(example.replace(from, to), 'chatops.yml'))).toContain(problem);
  });

  it("alignmentSeconds is at least 60, Cloud Monitoring's minimum", () => {
    const bad = example.replace('maxHoldSeconds: 300', 'maxHoldSeconds: 300\n        alignmentSeconds: 10');
    expect(problemsOf(() => parseConfig(bad, 'chatops.yml'))).toContain(
      'services.api.rollout.analysis.alignmentSeconds: expected a number ≥ 60',
    );
  });

  it("the plan's Verification names the analysis's bounds", () => {
    const config = parseConfig(example, 'chatops.example.yml');
    expect(verificationFor(resolveTarget(config, 'api', 'prod'))).toContain(
      "error rate within bounds: 5xx at most 5 % and not 2× the baseline's (the rest of the traffic; Cloud Monitoring, each step)",
    );
    expect(verificationFor(resolveTarget(config, 'worker', 'prod')).join()).not.toContain('error rate');
  });

  it('MONITORING_API_ENDPOINT points the client at a stand-in', () => {
    expect(loadSettings({ MONITORING_API_ENDPOINT: 'http://127.0.0.1:9' }).monitoring.endpoint).toBe(
      'http://127.0.0.1:9',
    );
    expect(() => loadSettings({ MONITORING_API_ENDPOINT: 'monitoring' })).toThrow(
      /MONITORING_API_ENDPOINT: expected http:\/\/host:port/,
    );
  });
});

describe("Cloud Monitoring's shapes", () => {
  it('bucket options of each kind give the upper bounds of buckets 0 … N-2', () => {
    expect(
      boundsOf({ exponentialBuckets: { numFiniteBuckets: 3, growthFactor: 1.4, scale: 1 } }).map((b) =>
        Number(b.toFixed(3)),
      ),
    ).toEqual([1, 1.4, 1.96, 2.744]);
    expect(boundsOf({ linearBuckets: { numFiniteBuckets: 2, width: 10, offset: 5 } })).toEqual([5, 15, 25]);
    expect(boundsOf({ explicitBuckets: { bounds: [1, 10, 100] } })).toEqual([1, 10, 100]);
  });

  it('a distribution without its trailing empty buckets is padded; int64 as string, number or Long', () => {
    const h = histogramOf({
      count: '3',
      bucketOptions: { explicitBuckets: { bounds: [1, 10, 100] } },
      bucketCounts: ['0', '3'],
    });
    expect(h).toEqual({ bounds: [1, 10, 100], counts: [0, 3, 0, 0] });
    expect([toNumber('42'), toNumber(42), toNumber({ toString: () => '7' }), toNumber(null)]).toEqual([42, 42, 7, 0]);
    expect(timestampOf({ seconds: '1796673660', nanos: 5e6 }).toISOString()).toBe('2026-12-07T20:01:00.005Z');
    expect(quote('a"b')).toBe('"a\\"b"');
  });
});

describe('links and the baseline split', () => {
  const where = { project: 'demo-project', region: 'europe-west1', service: 'api' };
  it('Cloud Logging filtered to the revision, and the metrics page', () => {
    expect(revisionLogsUrl(where, 'api-d1')).toBe(
      'https://console.cloud.google.com/logs/query;query=resource.type%3D%22cloud_run_revision%22%0Aresource.labels.service_name%3D%22api%22%0Aresource.labels.revision_name%3D%22api-d1%22?project=demo-project',
    );
    expect(serviceMetricsUrl(where)).toBe(
      'https://console.cloud.google.com/run/detail/europe-west1/api/metrics?project=demo-project',
    );
  });

  it("a fresh baseline gets the canary's share: 10/10/80, then 50/50, then 100", () => {
    const fresh = { revision: 'api-base', fresh: true };
    expect(canarySplit('api-new', 10, 't', 'api-old', fresh)).toEqual([
      { revision: 'api-new', percent: 10, tag: 't' },
      { revision: 'api-base', percent: 10 },
      { revision: 'api-old', percent: 80 },
    ]);
    expect(canarySplit('api-new', 50, 't', 'api-old', fresh).map((t) => t.percent)).toEqual([50, 50]);
    expect(canarySplit('api-new', 100, 't', 'api-old', fresh)).toEqual([
      { revision: 'api-new', percent: 100, tag: 't' },
    ]);
    expect(
      canarySplit('api-new', 10, 't', 'api-old', { revision: 'api-old', fresh: false }).map((t) => t.percent),
    ).toEqual([10, 90]);
  });
});
