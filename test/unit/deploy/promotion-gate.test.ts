/** The promotion gate's verdicts (environments.<env>.requires), and its config errors by key path. */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import type { Config } from '../../../src/config/schema.js';
import { DEPLOYMENTS, type Deployment } from '../../../src/domain/deployment.js';
import { createUnitContext, exampleConfig, type UnitContext } from '../../support/unit-context.js';
import { ALEX, seedDemo } from '../../support/unit-demo.js';
import { refusalOf } from '../../support/refusal-words.js';
import { markSucceeded, request } from './support.js';

const NOW = '2026-11-24T10:00:00.000Z';
let u: UnitContext;

function gated(soakMinutes: number): Config {
  const config = structuredClone(exampleConfig());
  for (const [name, service] of Object.entries(exampleConfig().services))
    config.services[name] = { ...service, environments: { ...service.environments } };
  config.services.api!.environments.prod = {
    ...config.services.api!.environments.prod!,
    requires: { succeededIn: 'staging', soakMinutes },
  };
  return config;
}

beforeEach(async () => {
  u = await createUnitContext({ config: gated(30) });
  u.clock.set(NOW);
  seedDemo(u);
});
afterEach(() => u.close());

const minutes = (n: number) => u.clock.set(new Date(Date.parse(NOW) + n * 60_000).toISOString());

async function stagingDeploy(change: (d: Deployment) => void = () => undefined): Promise<Deployment> {
  const d = await request(u, { service: 'api', environment: 'staging', actor: ALEX });
  await markSucceeded(u, d.id, `api-d${d.id.slice(-6)}`, 10);
  const record = (await u.store.get(DEPLOYMENTS, d.id))!;
  change(record.data);
  await u.store.compareAndSet(DEPLOYMENTS, d.id, record.version, record.data);
  return record.data;
}

describe('the promotion gate', () => {
  it('refuses a commit that never ran in staging, then one still soaking, then passes it with its line', async () => {
    const prod = { service: 'api', environment: 'prod', actor: ALEX };
    expect(await refusalOf(request(u, prod))).toMatch(/has not been deployed there\. Deploy it there first/);
    const staging = await stagingDeploy();
    minutes(10);
    expect(await refusalOf(request(u, prod))).toMatch(
      new RegExp(`succeeded there 9m 50s ago \\(deploy ${staging.id}\\); 20m 10s of its soak left`),
    );
    minutes(45);
    const d = await request(u, prod);
    expect(d.plan?.checks.at(-1)).toEqual({
      name: 'Succeeded in staging',
      mark: 'pass',
      detail: `44m 50s ago (deploy ${staging.id})`,
    });
  });

  it('a rollback in staging disqualifies the commit; break-glass goes past it and says so', async () => {
    await stagingDeploy((d) => {
      d.stoppedServing = { how: 'rollback', by: ALEX, at: NOW, reason: 'errors up' };
    });
    minutes(60);
    const prod = { service: 'api', environment: 'prod', actor: ALEX };
    expect(await refusalOf(request(u, prod))).toMatch(/was rolled back there \(errors up\), deploy d-/);
    const forced = await request(u, { ...prod, force: 'hotfix' });
    expect(forced.plan?.checks.at(-1)).toMatchObject({
      mark: 'warn',
      detail: expect.stringMatching(/^forced past it: /),
    });
  });
});

describe('config', () => {
  const yaml = readFileSync('chatops.example.yml', 'utf8');
  const withProd = (extra: string) =>
    yaml.replace(
      'minApprovals: 1\n        channel: "#deploys"',
      `minApprovals: 1\n        channel: "#deploys"\n${extra}`,
    );
  it.each([
    [
      '        requires: { succeededIn: qa }',
      /services\.api\.environments\.prod\.requires\.succeededIn: no environment "qa"/,
    ],
    ['        requires: { succeededIn: prod }', /requires\.succeededIn: an environment cannot require itself/],
    ['        requires: { succeededIn: staging, soakMinutes: -1 }', /requires\.soakMinutes/],
    [
      '        rollout: { preDeploy: [{ job: Bad_Job }] }',
      /services\.api\.environments\.prod\.rollout\.preDeploy\.0\.job: expected a Cloud Run job name/,
    ],
    ['        rollout: { preDeploy: [{ job: migrate, timeoutSeconds: 1 }] }', /preDeploy\.0\.timeoutSeconds/],
  ])('%s is refused with its key path', (extra, error) => {
    expect(() => parseConfig(withProd(extra), 'chatops.yml')).toThrow(error);
  });

  it('refuses gates in a circle, and jobs on a github-actions service', () => {
    const circle = withProd('        requires: { succeededIn: staging }').replace(
      'channel: "#deploys-staging"\n',
      'channel: "#deploys-staging"\n        requires: { succeededIn: prod }\n',
    );
    expect(() => parseConfig(circle, 'chatops.yml')).toThrow(/in a circle \(prod → staging → prod\)/);
    const actions = yaml.replace(
      'rollout: { strategy: github-actions, workflow: deploy.yml }',
      'rollout: { strategy: github-actions, workflow: deploy.yml, preDeploy: [{ job: migrate }] }',
    );
    expect(() => parseConfig(actions, 'chatops.yml')).toThrow(
      /services\.web\.rollout\.preDeploy: preDeploy runs Cloud Run Jobs/,
    );
  });

  it("an environment's rollout override keeps the service's canary", () => {
    const config = parseConfig(withProd('        rollout: { preDeploy: [{ job: migrate }] }'), 'chatops.yml');
    expect(config.services.api!.environments.prod!.rollout).toEqual({
      preDeploy: [{ job: 'migrate', args: [], timeoutSeconds: 600 }],
    });
  });
});
