import { portErrorOf } from '../support/port-error.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCloudRunPlatform,
  type CloudRunPlatform,
  type CloudRunPlatformOptions,
} from '../../src/adapters/cloud-run/index.js';
import { googleCredentialsFor } from '../../src/adapters/google-auth.js';
import type { ServiceLocation } from '../../src/ports/runtime-platform.js';
import { CloudRunStandin } from '../../sandbox/cloud-run-standin.js';
import {
  DEMO_PROJECT,
  DEMO_REGION,
  demoCloudRunServices,
  demoImage,
  demoRevisionName,
} from '../../sandbox/demo-cloud.js';
import { demoCommitShas } from '../../sandbox/demo-github.js';
import { Faults } from '../../sandbox/faults.js';

const at = (service: string): ServiceLocation => ({ project: DEMO_PROJECT, region: DEMO_REGION, service });
const servicePath = (service: string): string =>
  `/v2/projects/${DEMO_PROJECT}/locations/${DEMO_REGION}/services/${service}`;

let faults: Faults;
let standin: CloudRunStandin;
let platforms: CloudRunPlatform[];

function platform(options: Partial<CloudRunPlatformOptions> = {}): CloudRunPlatform {
  const p = createCloudRunPlatform({
    endpoint: standin.url,
    credentials: googleCredentialsFor(standin.url),
    projectId: DEMO_PROJECT,
    retry: { baseDelayMs: 10, maxDelayMs: 40 },
    ...options,
  });
  platforms.push(p);
  return p;
}

const count = (key: string): number => standin.requests.filter((r) => r === key).length;

beforeEach(async () => {
  faults = new Faults();
  standin = new CloudRunStandin({ faults });
  standin.seed(demoCloudRunServices());
  await standin.start();
  platforms = [];
});

afterEach(async () => {
  await Promise.all(platforms.map((p) => p.close()));
  await standin.close();
});

describe('reading services', () => {
  it('reads api: url, latest ready revision, a tagged 90/10 split, Ready first', async () => {
    const api = await platform().getService(at('api'));
    const shas = demoCommitShas('api');
    expect(api.name).toBe('api');
    expect(api.uri).toBe(standin.serviceUrl('api'));
    expect(api.latestReadyRevision).toBe(demoRevisionName('api', 21));
    expect(api.latestCreatedRevision).toBe(demoRevisionName('api', 21));
    expect(api.image).toBe(demoImage('api', shas[8]!));
    const tag = (i: number): string => `sha-${shas[i]!.slice(0, 7)}`;
    expect(api.traffic).toEqual([
      { revision: demoRevisionName('api', 21), percent: 90, tag: tag(8), uri: standin.tagUrl('api', tag(8)) },
      { revision: demoRevisionName('api', 19), percent: 10, tag: tag(7), uri: standin.tagUrl('api', tag(7)) },
    ]);
    expect(api.conditions.map((c) => [c.type, c.state])).toEqual([
      ['Ready', 'succeeded'],
      ['RoutesReady', 'succeeded'],
      ['ConfigurationsReady', 'succeeded'],
    ]);
    expect(api.conditions[0]!.lastTransitionTime).toBeInstanceOf(Date);
    expect(api.updateTime).toBeInstanceOf(Date);
  });

  it('reads web: 100% on "latest"', async () => {
    const web = await platform().getService(at('web'));
    expect(web.traffic).toEqual([{ revision: null, percent: 100 }]);
    expect(web.latestReadyRevision).toBe(demoRevisionName('web', 12));
  });

  it('reads worker: the latest created revision failed, traffic stays on the previous one', async () => {
    const worker = await platform().getService(at('worker'));
    expect(worker.latestCreatedRevision).toBe(demoRevisionName('worker', 34));
    expect(worker.latestReadyRevision).toBe(demoRevisionName('worker', 32));
    expect(worker.traffic).toEqual([{ revision: demoRevisionName('worker', 32), percent: 100 }]);
    expect(worker.conditions[0]).toMatchObject({ type: 'Ready', state: 'failed' });
    expect(worker.conditions[0]!.message).toContain(`Revision '${demoRevisionName('worker', 34)}' is not ready`);
    expect(worker.conditions[0]!.message).toContain('failed to start and listen on the port');
  });

  it('lists revisions newest first, with image and readiness', async () => {
    const cloud = platform();
    const api = await cloud.listRevisions(at('api'));
    expect(api.map((r) => r.name)).toEqual([21, 19, 17].map((g) => demoRevisionName('api', g)));
    expect(api.every((r) => r.ready)).toBe(true);
    expect(api[0]!.image).toBe(demoImage('api', demoCommitShas('api')[8]!));
    expect(api[0]!.createTime.getTime()).toBeGreaterThan(api[1]!.createTime.getTime());
    const worker = await cloud.listRevisions(at('worker'));
    expect(worker.map((r) => r.ready)).toEqual([false, true, true]);
  });

  it('answers not_found for a service that does not exist', async () => {
    const error = await portErrorOf(platform().getService(at('billing')));
    expect(error).toMatchObject({
      code: 'not_found',
      backend: 'Cloud Run',
      message: `Cloud Run service billing not found in ${DEMO_PROJECT}/${DEMO_REGION}`,
    });
  });

  it('uses the configured project when a location names none', async () => {
    const web = await platform().getService({ project: '', region: DEMO_REGION, service: 'web' });
    expect(web.name).toBe('web');
  });
});

describe('deploying and shifting traffic', () => {
  const input = {
    image: 'europe-west1-docker.pkg.dev/demo-project/apps/web:1234567',
    revisionSuffix: 'deploy-1234567',
    tag: 'canary',
  };

  it('deploys a 0% tagged revision: "latest" is pinned so traffic does not move, and the tag URL answers', async () => {
    const cloud = platform();
    const before = await cloud.getService(at('web'));
    const web = await cloud.deployRevision(at('web'), input);
    expect(web.latestCreatedRevision).toBe('web-deploy-1234567');
    expect(web.latestReadyRevision).toBe('web-deploy-1234567');
    expect(web.image).toBe(input.image);
    expect(web.traffic).toEqual([
      { revision: before.latestReadyRevision, percent: 100 },
      { revision: 'web-deploy-1234567', percent: 0, tag: 'canary', uri: standin.tagUrl('web', 'canary') },
    ]);
    expect(
      count(
        `GET /v2/projects/${DEMO_PROJECT}/locations/${DEMO_REGION}/operations/${[...standin.operations.keys()][0]}`,
      ),
    ).toBeGreaterThan(0);

    const tagged = await fetch(`${web.traffic[1]!.uri}/healthz`);
    expect(tagged.status).toBe(200);
    expect(await tagged.json()).toMatchObject({ status: 'ok', revision: 'web-deploy-1234567', tag: 'canary' });
    const main = await fetch(`${web.uri}/healthz`);
    expect(main.headers.get('x-served-by-revision')).toBe(before.latestReadyRevision);

    standin.setHealth('web', 'canary', 503);
    expect((await fetch(`${web.traffic[1]!.uri}/healthz`)).status).toBe(503);
    expect((await fetch(`${web.uri}/healthz`)).status).toBe(200);
  });

  it('is idempotent: the same deploy again changes nothing', async () => {
    const cloud = platform();
    await cloud.deployRevision(at('web'), input);
    const patches = count(`PATCH ${servicePath('web')}`);
    const again = await cloud.deployRevision(at('web'), input);
    expect(count(`PATCH ${servicePath('web')}`)).toBe(patches);
    expect(again.latestCreatedRevision).toBe('web-deploy-1234567');
    expect((await cloud.listRevisions(at('web'))).length).toBe(3);
  });

  it('keeps an existing split and adds the tag beside it', async () => {
    const api = await platform().deployRevision(at('api'), {
      image: 'img:new',
      revisionSuffix: 'abc1234',
      tag: 'candidate',
    });
    expect(api.traffic.map((t) => [t.revision, t.percent, t.tag])).toEqual([
      [demoRevisionName('api', 21), 90, expect.stringMatching(/^sha-/)],
      [demoRevisionName('api', 19), 10, expect.stringMatching(/^sha-/)],
      ['api-abc1234', 0, 'candidate'],
    ]);
  });

  it('reports a revision that fails to start', async () => {
    standin.failNextDeploy('web');
    const error = await portErrorOf(platform().deployRevision(at('web'), input));
    expect(error.code).toBe('invalid');
    expect(error.message).toContain('Cloud Run revision web-deploy-1234567 failed to become ready');
    // The old revision keeps all the traffic; the failed one only has its 0% tag.
    const served = (await platform().getService(at('web'))).traffic;
    expect(served.filter((t) => t.percent > 0)).toEqual([{ revision: demoRevisionName('web', 12), percent: 100 }]);
    expect((await platform().getService(at('web'))).conditions[0]).toMatchObject({ type: 'Ready', state: 'failed' });
  });

  it('refuses a suffix that already names a revision with another image', async () => {
    const cloud = platform();
    await cloud.deployRevision(at('web'), input);
    const error = await portErrorOf(cloud.deployRevision(at('web'), { ...input, image: 'img:other' }));
    expect(error.code).toBe('conflict');
  });

  it('sets traffic, and a repeated split is a no-op', async () => {
    const cloud = platform();
    const deployed = await cloud.deployRevision(at('web'), input);
    const old = deployed.traffic[0]!.revision;
    const split = [
      { revision: old, percent: 90 },
      { revision: 'web-deploy-1234567', percent: 10, tag: 'canary' },
    ];
    const web = await cloud.setTraffic(at('web'), split);
    expect(web.traffic.map(({ revision, percent, tag }) => ({ revision, percent, ...(tag ? { tag } : {}) }))).toEqual(
      split,
    );
    expect(standin.getTraffic('web')).toEqual(split);
    const patches = count(`PATCH ${servicePath('web')}`);
    await cloud.setTraffic(at('web'), split);
    expect(count(`PATCH ${servicePath('web')}`)).toBe(patches);

    const back = await cloud.setTraffic(at('web'), [{ revision: null, percent: 100 }]);
    expect(back.traffic).toEqual([{ revision: null, percent: 100 }]);
    expect(back.latestReadyRevision).toBe('web-deploy-1234567');
  });

  it('checks a split before sending it', async () => {
    const error = await portErrorOf(platform().setTraffic(at('web'), [{ revision: null, percent: 90 }]));
    expect(error.code).toBe('invalid');
    expect(count(`PATCH ${servicePath('web')}`)).toBe(0);
  });
});

describe('faults', () => {
  const get = (service = 'api'): string => `GET ${servicePath(service)}`;

  it('retries a 500, then succeeds', async () => {
    faults.inject(get(), { kind: 'status', status: 500 });
    const api = await platform().getService(at('api'));
    expect(api.name).toBe('api');
    expect(count(get())).toBe(2);
  });

  it('gives up on a persistent 503 within bounded time, as unavailable', async () => {
    faults.inject(
      get(),
      {
        kind: 'status',
        status: 503,
        body: { error: { code: 503, message: 'The service is currently unavailable.', status: 'UNAVAILABLE' } },
      },
      100,
    );
    const started = Date.now();
    const error = await portErrorOf(
      platform({ retry: { attempts: 3, baseDelayMs: 10, maxDelayMs: 40 } }).getService(at('api')),
    );
    expect(error).toMatchObject({ code: 'unavailable', backend: 'Cloud Run' });
    expect(count(get())).toBe(3);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('honours a short Retry-After on 429 and fails fast on a long one, keeping it', async () => {
    faults.inject(get(), { kind: 'rate-limit', retryAfterSeconds: 0 });
    expect((await platform().getService(at('api'))).name).toBe('api');

    faults.inject(get(), { kind: 'rate-limit', retryAfterSeconds: 30 });
    const started = Date.now();
    const error = await portErrorOf(platform().getService(at('api')));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 30 });
    expect(error.message).toContain('retry in 30s');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('times out a call that never answers', async () => {
    faults.inject(get(), { kind: 'timeout', ms: 2000 }, 5);
    const started = Date.now();
    const error = await portErrorOf(
      platform({ timeoutMs: 150, retry: { attempts: 2, baseDelayMs: 10 } }).getService(at('api')),
    );
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('names the missing role on 403', async () => {
    faults.inject(get(), {
      kind: 'status',
      status: 403,
      body: {
        error: {
          code: 403,
          status: 'PERMISSION_DENIED',
          message: `Permission 'run.services.get' denied on resource 'projects/${DEMO_PROJECT}/locations/${DEMO_REGION}/services/api' (or resource may not exist).`,
        },
      },
    });
    const error = await portErrorOf(platform().getService(at('api')));
    expect(error.code).toBe('permission_denied');
    expect(error.message).toContain('missing role roles/run.viewer');
    expect(count(get())).toBe(1);
  });

  it('still deploys when the update and an operation poll fail once', async () => {
    faults.inject(`PATCH ${servicePath('web')}`, { kind: 'status', status: 503 });
    faults.inject(/^GET \/v2\/.*\/operations\//, { kind: 'status', status: 500 });
    const web = await platform().deployRevision(at('web'), { image: 'img:x', revisionSuffix: 'x1', tag: 'canary' });
    expect(web.latestReadyRevision).toBe('web-x1');
    expect(web.traffic.find((t) => t.tag === 'canary')?.revision).toBe('web-x1');
  });
});

describe('the stand-in over plain REST (curl, the sandbox page)', () => {
  const headers = { authorization: 'Bearer anything', 'content-type': 'application/json' };
  const base = (): string => `${standin.url}/v2/projects/${DEMO_PROJECT}/locations/${DEMO_REGION}`;

  it('lists services with enum names, and wants a token', async () => {
    const res = await fetch(`${base()}/services`, { headers });
    const body = (await res.json()) as { services: Array<Record<string, unknown>> };
    expect(body.services.map((s) => s.name)).toEqual(
      ['api', 'web', 'worker'].map((n) => `projects/${DEMO_PROJECT}/locations/${DEMO_REGION}/services/${n}`),
    );
    expect(body.services[1]).toMatchObject({
      traffic: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 100 }],
      terminalCondition: { state: 'CONDITION_SUCCEEDED' },
    });
    const numeric = (await (
      await fetch(`${base()}/services/web?$alt=json%3Benum-encoding=int`, { headers })
    ).json()) as { traffic: Array<{ type: number }> };
    expect(numeric.traffic[0]!.type).toBe(1);
    const anonymous = await fetch(`${base()}/services`);
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });

  it('names a new revision <service>-<generation>-<suffix> and finishes the operation after the delay', async () => {
    const before = standin.getService('web') as { generation: string; etag: string };
    const res = await fetch(`${base()}/services/web`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ template: { containers: [{ image: 'img:curl' }] } }),
    });
    const op = (await res.json()) as { name: string; done: boolean };
    expect(op.done).toBe(false);
    const generation = Number(before.generation) + 1;
    const created = standin.getRevisions('web')[0]!.name as string;
    expect(created).toMatch(new RegExp(`/revisions/web-${String(generation).padStart(5, '0')}-[a-z]{3}$`));
    await new Promise((r) => setTimeout(r, 60));
    const done = (await (await fetch(`${standin.url}/v2/${op.name}`, { headers })).json()) as {
      done: boolean;
      response: { latestReadyRevision: string };
    };
    expect(done.done).toBe(true);
    expect(done.response.latestReadyRevision).toBe(created);

    const stale = await fetch(`${base()}/services/web`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ etag: before.etag, traffic: [] }),
    });
    expect(stale.status).toBe(409);
    const badSplit = await fetch(`${base()}/services/web`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({ traffic: [{ type: 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST', percent: 50 }] }),
    });
    expect(badSplit.status).toBe(400);
  });
});

describe('lazy loading', () => {
  it('creates the adapter without loading the client or looking for credentials', async () => {
    const cloud = createCloudRunPlatform();
    await cloud.close();
  });
});
