/**
 * The canary judged on Cloud Monitoring metrics (issue 13, part 1), end to end: the real bot and its REST calls
 * to Cloud Monitoring against the Monitoring stand-in, which reports the Cloud Run stand-in's traffic.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_FAILING_BRANCH } from '../../sandbox/demo-github.js';
import { DEMO_SLOW_BRANCH } from '../../sandbox/demo-canaries.js';
import { cardSays, deploymentOf, requestDeploy, thread } from '../support/deploy-helpers.js';
import { startHarness, type Harness } from '../support/harness.js';
import { bake, canaryConfig, fastClock, serving } from './support.js';
import { digestOf } from '../../sandbox/cloud-run/model.js';

let h: Harness;
afterEach(async () => h?.stop());

const staging = (ref = '') => requestDeploy(h, `api staging ${ref}`.trim(), 'U0JO000003', 'deploys-staging');
const files = (card: { channel: string; ts: string }) =>
  h.slack.messagesIn(card.channel).filter((m) => m.threadTs === card.ts && m.files?.length);

describe('canary analysis on Cloud Monitoring metrics', () => {
  it('a healthy canary passes each step with canary and baseline numbers, links, and a chart in the report', async () => {
    h = await startHarness({ configPath: canaryConfig() });
    h.monitoring.pointsPerPage = 1; // a page per series: the client follows nextPageToken
    const card = await staging();
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 30_000);
    const d = await deploymentOf(h, card);
    await h.slack.waitFor(() => files(card).length > 0, 10_000);
    const text = thread(h, card);
    expect(text).toContain(`:chart_with_upwards_trend: *Monitoring* for \`${d.revision}\``);
    expect(text).toContain(
      `https://console.cloud.google.com/logs/query;query=resource.type%3D%22cloud_run_revision%22%0Aresource.labels.service_name%3D%22api%22%0Aresource.labels.revision_name%3D%22${d.revision}%22?project=demo-project`,
    );
    expect(text).toContain('https://console.cloud.google.com/run/detail/europe-west1/api/metrics?project=demo-project');
    for (const step of [10, 50, 100])
      expect(text).toContain(`*Canary ${step}% analysis* · ${step} % traffic · bake 1s · :white_check_mark: passed`);
    expect(text).toMatch(/requests\s+5xx\s+p95\s+p99\ncanary\s+\d+\s+[\d.]+ %\s+\d+ ms\s+\d+ ms\nbaseline\s+\d+/);
    expect(text).toContain(`(rest of traffic, ${d.rollbackTarget})`);
    expect(text).toContain(`(earlier step, ${d.rollbackTarget})`); // at 100 % nothing else serves
    expect(text).toMatch(/:white_check_mark: p99 \d+ ms against the baseline's \d+ ms: ×[\d.]+ \(limit ×1.5\)/);
    expect(text).toMatch(
      /\*Canary analysis\* \(canary vs baseline\)\n:white_check_mark: Canary 10%: \d+ requests · 5xx [\d.]+ % vs [\d.]+ % · p95 \d+ ms vs \d+ ms · p99/,
    );
    const chart = files(card)[0]!.files![0]!;
    expect(chart.mimetype).toBe('image/png');
    expect(h.slack.workspace.files.get(chart.id)!.bytes.subarray(1, 4).toString()).toBe('PNG');
    // What the adapter sent: Cloud Run's metrics per revision, ALIGN_DELTA, REDUCE_SUM, by response class.
    const asked = h.monitoring.requests.map((r) => decodeURIComponent(r.replaceAll('+', ' ')));
    expect(
      asked.some(
        (r) =>
          r.includes('metric.type = "run.googleapis.com/request_count"') &&
          r.includes(`resource.labels.revision_name = one_of("${d.revision}", "${d.rollbackTarget}")`),
      ),
    ).toBe(true);
    expect(
      asked.some(
        (r) =>
          r.includes('aggregation.perSeriesAligner=ALIGN_DELTA') &&
          r.includes('aggregation.crossSeriesReducer=REDUCE_SUM') &&
          r.includes('aggregation.groupByFields=metric.labels.response_code_class'),
      ),
    ).toBe(true);
    expect(asked.some((r) => r.includes('pageToken='))).toBe(true);
  });

  it('a canary with a raised 5xx rate fails the 10 % step and is rolled back, naming the metric with both numbers', async () => {
    h = await startHarness({ configPath: canaryConfig() });
    const before = serving(h, 'api');
    const card = await staging(DEMO_FAILING_BRANCH);
    const text = await cardSays(h, card, /Rolled back automatically/, 30_000);
    expect(text).toMatch(/Canary 10% failed: canary analysis failed: 5xx rate \d+(\.\d+)? % is above the maximum 5 %/);
    const d = await deploymentOf(h, card);
    expect(serving(h, 'api')).toEqual([`100% ${d.rollbackTarget}`]);
    expect(before).toContain(`90% ${d.rollbackTarget}`);
    await h.slack.waitFor(() => thread(h, card).includes('Deploy rolled back'));
    const replies = thread(h, card);
    expect(replies).toContain('*Canary 10% analysis* · 10 % traffic · bake 1s · :x: failed');
    expect(replies).toMatch(
      /:x: 5xx rate \d+(\.\d+)? % against the baseline's 0\.\d+ % \(fails above 2× and 0.5 % more\)/,
    );
    expect(replies).toContain('verified on Cloud Run');
    expect(replies).not.toContain('Canary 50% analysis');
  });

  it("with baseline: fresh-revision, a new revision of the stable image takes the canary's share (10/10/80)", async () => {
    h = await startHarness({
      configPath: canaryConfig((y) => y.replace('baseline: rest-of-traffic', 'baseline: fresh-revision')),
    });
    const card = await staging();
    const split = await h.slack.waitFor(() => {
      const shares = serving(h, 'api');
      return shares.length === 3 && shares;
    }, 20_000);
    const d = await deploymentOf(h, card);
    const base = `${d.revision}-base`;
    expect(split).toEqual([`10% ${d.revision}`, `10% ${base}`, `80% ${d.rollbackTarget}`]);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 30_000);
    const text = thread(h, card);
    expect(text).toContain(`Fresh baseline revision \`${base}\` (the stable image).`);
    expect(text).toContain(`(fresh baseline, ${base})`);
    const revisions = h.cloudRun.getRevisions('api') as Array<{ name: string; containers: Array<{ image: string }> }>;
    const image = (name: string) => revisions.find((r) => r.name.endsWith(`/${name}`))?.containers[0]?.image;
    // the stable image, pinned by the digest Cloud Run reported for the stable revision
    expect(image(base)).toMatch(/apps\/api[:@]/);
    expect(digestOf(image(base) ?? '')).toBe(digestOf(image(d.rollbackTarget!) ?? ''));
    expect(serving(h, 'api')).toEqual([`100% ${d.revision}`]);
    expect((h.cloudRun.getService('api') as { template: { revision: string } }).template.revision).toBe(d.revision);
  });

  it('a slower but healthy canary passes, its latency shown against the baseline, with Mann-Whitney U once there are enough points', async () => {
    h = await startHarness({
      configPath: canaryConfig(bake(300)),
      clock: fastClock(),
    });
    const card = await staging(DEMO_SLOW_BRANCH);
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 30_000);
    const text = thread(h, card);
    const p99s =
      /\*Canary 10% analysis\*[\s\S]*?canary\s+\d+\s+\S+ %\s+\d+ ms\s+(\d+) ms\nbaseline\s+\d+\s+\S+ %\s+\d+ ms\s+(\d+) ms/.exec(
        text,
      );
    expect(Number(p99s?.[1])).toBeGreaterThan(Number(p99s?.[2]) * 1.03); // slower…
    expect(Number(p99s?.[1])).toBeLessThan(Number(p99s?.[2]) * 1.5); // …within the limit
    // Six one-minute periods each side (a 300 s bake): the latency is higher with some confidence, by less than allowed.
    expect(text).toMatch(
      /:white_check_mark: Mann-Whitney U on \d+ \+ \d+ points: p99 latency higher with [\d.]+ % confidence \(needs 95.0 %\), median ×1\.[0-2]\d \(allowed ×1.25\)/,
    );
    expect(text).toMatch(
      /:white_check_mark: Mann-Whitney U on \d+ \+ \d+ points: 5xx rate higher with [\d.]+ % confidence/,
    );
  });
});
