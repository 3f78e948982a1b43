import { afterEach, describe, expect, it } from 'vitest';
import { DEPLOYMENTS } from '../../src/domain/deployment.js';
import { startHarness, type Harness } from '../support/harness.js';
import { ALEX, JO, ephemeralFor, planCards, requestDeploy, testConfig } from '../support/deploy-helpers.js';

let h: Harness;
afterEach(async () => h?.stop());

const deployCount = async (): Promise<number> => (await h.bot.store.list(DEPLOYMENTS, {})).length;

describe('a deploy its approvers could never approve', () => {
  it('is refused at once when the requester is one of too few user approvers (2 of sam and alex, asked by alex), as a rollback is', async () => {
    h = await startHarness({ configPath: testConfig() });
    const asked = await h.slack.slashCommand({ text: '/deploy worker prod', channel: 'ops', user: ALEX });
    expect(asked.ok).toBe(true);
    const answer = await h.slack.waitFor(() => ephemeralFor(h, ALEX).includes('approval(s)') && ephemeralFor(h, ALEX));
    expect(answer).toContain(
      'Deploys of worker prod need 2 approval(s), but only 1 approver(s) other than you can give one',
    );
    expect(answer).toMatch(/U0SAM00002.*U0ALEX0001.*\)\. Ask one of them to request it\.$/);
    expect(planCards(h)).toEqual([]);
    expect(await deployCount()).toBe(0);
    expect(await h.bot.store.queryAudit({})).toEqual([]);

    // Someone else can get both approvals, so their request waits for them.
    const card = await requestDeploy(h, 'worker prod', JO);
    expect(card.text).toContain('Deployment Plan: worker → prod');
    // Break-glass skips approval altogether, so it is not refused either.
    await requestDeploy(h, 'worker prod --force "hotfix for the queue"', ALEX);
    expect(await deployCount()).toBe(2);
  });

  it('is refused once its groups are resolved (2 of @sre-team and sam, asked by alex, who is in @sre-team)', async () => {
    h = await startHarness({
      configPath: testConfig((y) =>
        y.replace(
          'approvers: ["@sre-team", U0SAM00002]\n        minApprovals: 1',
          'approvers: ["@sre-team", U0SAM00002]\n        minApprovals: 2',
        ),
      ),
    });
    await h.slack.slashCommand({ text: '/deploy api prod', channel: 'ops', user: ALEX });
    const answer = await h.slack.waitFor(() => ephemeralFor(h, ALEX).includes('approval(s)') && ephemeralFor(h, ALEX));
    expect(answer).toContain(
      'Deploys of api prod need 2 approval(s), but only 1 approver(s) other than you can give one',
    );
    expect(planCards(h)).toEqual([]);
    expect(await deployCount()).toBe(0);
  });
});
