import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCIDENT_TIMELINE, type TimelineEntry } from '../../src/domain/incident.js';
import { LOCKS, lockId } from '../../src/domain/lock.js';
import { startHarness, textOf, type Harness } from '../support/harness.js';
import { testConfig } from '../support/deploy-helpers.js';
import { ALEX, cardIn, containing, declare, lastIn, SAM, type } from '../incident/helpers.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ configPath: testConfig() }); // 1 s canary bakes
});
afterAll(async () => h?.stop());

describe('deploys of the affected services during an incident', () => {
  it('a deploy that finishes is posted in the incident channel and put on the timeline; other services are left out', async () => {
    const { channel } = await declare(h, 'P2 api "Slow checkout"');
    await type(h, '/deploy api staging', 'deploys-staging', SAM);
    const notice = await h.slack.waitFor(() => lastIn(h, channel.id, containing('Deploy of api to staging')), 20_000);
    expect(textOf(notice)).toMatch(
      /:rocket: Deploy of api to staging succeeded: `[0-9a-f]{7}` \(feat\(checkout\): show delivery estimate\), revision `api-[\w-]+`\./,
    );
    expect(textOf(notice)).toContain(`(<@${SAM}>)`);
    const deployEntries = async () =>
      (await h.bot.store.list<TimelineEntry>(INCIDENT_TIMELINE, { where: { incidentId: 'INC-1' } }))
        .map((r) => r.data)
        .filter((e) => e.kind === 'deploy');
    await expect.poll(async () => (await deployEntries())[0]?.permalink).toMatch(/\/archives\/C\w+\/p\d+/);
    expect(await deployEntries()).toHaveLength(1);

    await type(h, '/deploy worker staging', 'deploys-staging', ALEX);
    await h.slack.waitFor(
      () =>
        h.slack
          .messagesIn('deploys-staging')
          .some((m) => /worker/.test(m.text) && /Deployed|succeeded/.test(textOf(m))),
      20_000,
    );
    expect(h.slack.messagesIn(channel.id).filter(containing('Deploy of worker'))).toHaveLength(0);
    expect(textOf(cardIn(h, channel))).toContain('*Recent prod deploys* of `api`');
  });
});

describe('lockProdDeploys: false', () => {
  it('a P0 then locks nothing', async () => {
    const other = await startHarness({
      configPath: testConfig((yaml) => yaml.replace('lockProdDeploys: true', 'lockProdDeploys: false')),
    });
    try {
      const { card } = await declare(other, 'P0 api "Everything is down"');
      expect(await other.bot.store.get(LOCKS, lockId('api', 'prod', 'INC-1'))).toBeNull();
      expect(textOf(card)).not.toContain('are locked');
    } finally {
      await other.stop();
    }
  });
});
