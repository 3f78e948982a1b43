/**
 * The canary analysis when it cannot judge: too little traffic (extend, then fail; or pass when configured), and
 * Cloud Monitoring failing (5xx, timeout, permission) as "metrics unavailable", held or failed, never a pass.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cardSays, deploymentOf, requestDeploy, thread } from '../support/deploy-helpers.js';
import { startHarness, type Harness } from '../support/harness.js';
import { canaryConfig, fastClock, serving } from './support.js';

let h: Harness;
afterEach(async () => h?.stop());

const staging = () => requestDeploy(h, 'api staging', 'U0JO000003', 'deploys-staging');
const TIME_SERIES = 'GET /v3/projects/demo-project/timeSeries';

describe('canary analysis: too little traffic', () => {
  it('extends the bake, then fails and rolls back when the traffic stays too little', async () => {
    h = await startHarness({ configPath: canaryConfig() });
    h.cloudRun.load.setRate('api', 20); // 10 % of 20 requests a second: about 2 in a 1 s bake
    const card = await staging();
    const text = await cardSays(h, card, /Rolled back automatically/, 30_000);
    expect(text).toMatch(
      /Canary 10% failed: canary analysis failed after 2 extended bake\(s\): too little traffic: \d+ canary requests, 100 needed/,
    );
    const replies = thread(h, card);
    expect(replies).toMatch(
      /:warning: \*Canary 10%\*: too little traffic to judge \(\d+ canary requests, 100 needed\)\. Holding the traffic and baking again \(extension 1 of 2\)\./,
    );
    expect(replies).toContain('(extension 2 of 2)');
    expect(replies).toMatch(/:warning: too little traffic: \d+ canary requests, 100 needed/);
    const d = await deploymentOf(h, card);
    expect(serving(h, 'api')).toEqual([`100% ${d.rollbackTarget}`]);
  });

  it('passes with a warning when tooLittleTraffic is pass', async () => {
    h = await startHarness({
      configPath: canaryConfig((y) => y.replace('tooLittleTraffic: extend', 'tooLittleTraffic: pass')),
    });
    h.cloudRun.load.setRate('api', 20);
    const card = await staging();
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 30_000);
    expect(thread(h, card)).toContain(
      '*Canary 10% analysis* · 10 % traffic · bake 1s · :warning: passed with too little traffic (`tooLittleTraffic: pass`)',
    );
  });
});

describe('canary analysis: Cloud Monitoring failing', () => {
  it('permission denied with metricsUnavailable: fail fails the step, names the role, and rolls back', async () => {
    h = await startHarness({
      configPath: canaryConfig((y) => y.replace('metricsUnavailable: hold', 'metricsUnavailable: fail')),
    });
    const denied = {
      error: {
        code: 403,
        status: 'PERMISSION_DENIED',
        message: 'Permission monitoring.timeSeries.list denied (or the resource may not exist).',
      },
    };
    h.monitoring.faults.inject(TIME_SERIES, { kind: 'status', status: 403, body: denied }, 10);
    const card = await staging();
    const text = await cardSays(h, card, /Rolled back automatically/, 30_000);
    expect(text).toContain(
      'Canary 10% failed: canary analysis failed: metrics unavailable (The bot may not read Cloud Monitoring metrics of project demo-project: grant its service account roles/monitoring.viewer)',
    );
    expect(thread(h, card)).toContain(
      'The step fails (`metricsUnavailable: fail`): a canary is never passed without its metrics.',
    );
  });

  it('a 5xx from Cloud Monitoring holds the traffic and asks again, then judges the step', async () => {
    h = await startHarness({ configPath: canaryConfig(), clock: fastClock() });
    h.monitoring.faults.inject(TIME_SERIES, { kind: 'status', status: 503 }, 4); // both calls, both attempts
    const card = await staging();
    await cardSays(h, card, /:white_check_mark: \*Deployed\*/, 30_000);
    const replies = thread(h, card);
    expect(replies).toMatch(
      /:warning: \*Canary 10%\*: Cloud Monitoring metrics unavailable: Cloud Monitoring is unavailable( \(HTTP 503\))?\. Holding the traffic where it is and asking again until .* \(`metricsUnavailable: hold`\)\./,
    );
    expect(replies).toContain('*Canary 10% analysis* · 10 % traffic · bake 1s · :white_check_mark: passed');
  });

  it('a timeout that outlasts the hold fails the step: metrics unavailable is never a pass', async () => {
    h = await startHarness({
      configPath: canaryConfig((y) => y.replace('maxHoldSeconds: 300', 'maxHoldSeconds: 60')),
      clock: fastClock(),
    });
    const deadline = {
      error: { code: 504, status: 'DEADLINE_EXCEEDED', message: 'Deadline expired before operation could complete.' },
    };
    h.monitoring.faults.inject(TIME_SERIES, { kind: 'status', status: 504, body: deadline }, 1000);
    const card = await staging();
    const text = await cardSays(h, card, /Rolled back automatically/, 30_000);
    expect(text).toContain(
      'Canary 10% failed: canary analysis failed: metrics unavailable for 60s (Cloud Monitoring did not answer in time)',
    );
    expect((await deploymentOf(h, card)).status).toBe('rolled_back');
  });
});
