/**
 * The demo freeze `npm start` adds to chatops.example.yml (sandbox/demo-tour.ts), and the per-environment
 * `freezes` key it is built on: one environment frozen, every other one free.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfigFile, parseConfig } from '../../src/config/load-config.js';
import { activeFreeze } from '../../src/domain/freeze.js';
import { DEMO_FREEZE, prepareDemoTour } from '../../sandbox/demo-tour.js';
import { ephemeralFor, JO, requestDeploy, testConfig } from '../support/deploy-helpers.js';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.stop();
  h = undefined;
});

const freezesOf = (config: ReturnType<typeof loadConfigFile>, service: string, environment: string) => [
  ...config.deploy.freezes,
  ...config.services[service]!.environments[environment]!.freezes,
];

describe('the sandbox demo freeze', () => {
  it.each([
    ['at noon', '2026-11-24T11:00:00Z', '2026-11-26T00:00:00+01:00'],
    ['a minute before local midnight', '2026-11-24T22:59:00Z', '2026-11-26T00:00:00+01:00'],
    ['just after local midnight (still the day before in UTC)', '2026-11-24T23:01:00Z', '2026-11-27T00:00:00+01:00'],
    ['on the night summer time ends', '2026-10-24T23:30:00Z', '2026-10-27T00:00:00+01:00'],
  ])('%s: covers now, on web prod alone, until the end of tomorrow (Europe/Berlin)', (_when, now, end) => {
    const config = loadConfigFile('chatops.example.yml');
    const tour = prepareDemoTour(config, new Date(now));
    expect(tour.freezeEndsAt?.toISOString()).toBe(new Date(end).toISOString());
    expect(activeFreeze(freezesOf(config, 'web', 'prod'), new Date(now), config.timezone)).toEqual({
      name: DEMO_FREEZE.name,
      endsAt: new Date(end),
    });
    for (const [service, environment] of [
      ['web', 'staging'],
      ['api', 'prod'],
      ['api', 'staging'],
      ['worker', 'prod'],
      ['worker', 'staging'],
    ] as const) {
      expect(activeFreeze(freezesOf(config, service, environment), new Date(now), config.timezone)).toBeUndefined();
    }
    expect(activeFreeze(freezesOf(config, 'web', 'prod'), new Date(end), config.timezone)).toBeUndefined();
  });

  it('the file itself stays unfrozen: the tests and your copy of it deploy at any hour', () => {
    const config = parseConfig(readFileSync('chatops.example.yml', 'utf8'), 'chatops.example.yml');
    for (const service of Object.values(config.services))
      for (const env of Object.values(service.environments)) expect(env.freezes).toEqual([]);
  });
});

describe('services.<name>.environments.<env>.freezes', () => {
  const webProdFrozen = (yaml: string) =>
    yaml.replace(
      'prod: { requiresApproval: true, approvers: ["@sre-team"], channel: "#deploys" }',
      'prod: { requiresApproval: true, approvers: ["@sre-team"], channel: "#deploys", freezes: [{ name: Launch week, from: 2020-01-01, to: 2099-12-31 }] }',
    );

  it('is refused with the key path when malformed', () => {
    const yaml = webProdFrozen(readFileSync('chatops.example.yml', 'utf8')).replace('to: 2099-12-31', 'to: 2019-12-31');
    expect(() => parseConfig(yaml, 'chatops.yml')).toThrow(
      /services\.web\.environments\.prod\.freezes\.0\.to: expected a date on or after from/,
    );
  });

  it('refuses deploys to that environment, naming the window, and no other', async () => {
    h = await startHarness({ configPath: testConfig(webProdFrozen) });
    await h.slack.slashCommand({ text: '/deploy web prod', channel: 'deploys', user: JO });
    await h.slack.waitFor(() => ephemeralFor(h!, JO).includes('Deploys are frozen: "Launch week" until'));
    const card = await requestDeploy(h, 'api prod', JO, 'deploys');
    expect(JSON.stringify(card.blocks)).toContain('outside every freeze window');
  });
});
