import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditReport } from '../audit/support.js';
import { ALEX, JO, requestDeploy, testConfig } from '../support/deploy-helpers.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';

/** audit.gateProdDeploys: an open CRITICAL finding on a service refuses its prod deploys; break-glass passes. */
describe('prod deploys gated by open CRITICAL findings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      configPath: testConfig((y) => y.replace('gateProdDeploys: false', 'gateProdDeploys: true')),
    });
    await auditReport(h, '/audit worker');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses the prod deploy, naming the findings and what to do', async () => {
    const result = await h.slack.slashCommand({ text: '/deploy worker prod', channel: 'ops', user: JO });
    const said = await h.slack.waitFor(
      () => h.slack.messagesIn('ops').find((m) => textOf(m).includes('open CRITICAL security finding')),
      10_000,
    );
    expect(result.status).toBe(200);
    expect(textOf(said)).toContain(
      'worker has 1 open CRITICAL security finding(s) (run-public) and audit.gateProdDeploys is on. Fix them (/audit worker shows how), or use --force "reason" (break-glass).',
    );
  });

  it('lets staging through: the gate is for prod', async () => {
    const card = await requestDeploy(h, 'worker staging', JO);
    expect(textOf(card)).not.toContain('security finding');
  });

  it('break-glass passes, and the plan says it was forced past the findings', async () => {
    const card = await requestDeploy(h, 'worker prod --force "hotfix for the outage"', ALEX);
    expect(textOf(card)).toContain('forced past: 1 open (run-public): run /audit worker for the evidence and fixes');
  });
});
