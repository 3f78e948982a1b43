import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';
import { cardSays, deploymentOf, requestDeploy } from '../support/deploy-helpers.js';

let h: Harness;
afterEach(async () => h?.stop());

describe('measure', () => {
  it('api staging and web staging', async () => {
    h = await startHarness();
    for (const what of ['api staging', 'web staging', 'api staging', 'worker staging']) {
      const card = await requestDeploy(h, what);
      await cardSays(h, card, /\*Deployed\*/, 40_000);
      const d = await deploymentOf(h, card);
      const ms = (a?: string, b?: string) => (a && b ? Date.parse(b) - Date.parse(a) : NaN);
      console.log(what, 'estimate', d.plan?.estimateSeconds, 'actual', ms(d.startedAt, d.finishedAt), d.steps.map((s) => `${s.name}:${ms(s.startedAt, s.finishedAt)}`).join(' | '));
    }
  }, 120_000);
});
