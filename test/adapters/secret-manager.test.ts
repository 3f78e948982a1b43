import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { googleCredentialsFor } from '../../src/adapters/google-auth.js';
import { createSecretInventory } from '../../src/adapters/secret-manager/index.js';
import { SecretManagerStandin } from '../../sandbox/secret-manager/standin.js';
import { portErrorOf } from '../support/port-error.js';

/** Secret Manager over REST against its stand-in: metadata in the port's shape, and each failure in its words. */

let standin: SecretManagerStandin;
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const inventory = () => createSecretInventory(standin.url, googleCredentialsFor(standin.url), 2000);

beforeEach(async () => {
  standin = new SecretManagerStandin().seed([
    {
      project: 'p',
      name: 'api-key',
      createTime: day('2026-01-01'),
      rotation: { nextRotationTime: day('2027-01-01') },
      versions: [{ createTime: day('2026-01-01'), state: 'DESTROYED' }, { createTime: day('2026-06-01') }],
    },
    { project: 'p', name: 'db-password', createTime: day('2026-02-01'), versions: [] },
  ]);
  await standin.start();
});
afterEach(async () => standin.close());

describe('Secret Manager inventory over REST', () => {
  it('lists secrets and their versions, newest first, with states read from enum names', async () => {
    const secrets = await inventory().listSecrets('p');
    expect(secrets).toEqual([
      {
        name: 'api-key',
        createTime: '2026-01-01T00:00:00.000Z',
        rotation: { nextRotationTime: '2027-01-01T00:00:00.000Z' },
        versions: [
          { name: '2', state: 'enabled', createTime: '2026-06-01T00:00:00.000Z' },
          { name: '1', state: 'destroyed', createTime: '2026-01-01T00:00:00.000Z' },
        ],
      },
      { name: 'db-password', createTime: '2026-02-01T00:00:00.000Z', versions: [] },
    ]);
    expect([...standin.requests].sort()).toEqual([
      'GET /v1/projects/p/secrets',
      'GET /v1/projects/p/secrets/api-key/versions',
      'GET /v1/projects/p/secrets/db-password/versions',
    ]);
  });

  it('a refusal names the role; a 503 is retried once, then said', async () => {
    standin.faults.inject('GET /v1/projects/p/secrets', {
      kind: 'status',
      status: 403,
      body: { error: { code: 403, status: 'PERMISSION_DENIED', message: 'Permission denied' } },
    });
    const refused = await portErrorOf(inventory().listSecrets('p'));
    expect([refused.code, refused.message]).toEqual([
      'permission_denied',
      'Secret Manager refused the bot: missing role roles/secretmanager.viewer',
    ]);
    standin.faults.inject('GET /v1/projects/p/secrets', { kind: 'status', status: 503 }, 2);
    const unavailable = await portErrorOf(inventory().listSecrets('p'));
    expect(unavailable.message).toBe('Secret Manager is unavailable (HTTP 503); try again in a minute');
    expect(standin.requests.filter((r) => r === 'GET /v1/projects/p/secrets')).toHaveLength(3);
  });

  it('a secret gone between the two lists is "Secret Manager: …" in its own words', async () => {
    standin.faults.inject('GET /v1/projects/p/secrets/api-key/versions', {
      kind: 'status',
      status: 404,
      body: { error: { code: 404, status: 'NOT_FOUND', message: 'Secret [projects/p/secrets/api-key] not found.' } },
    });
    const gone = await portErrorOf(inventory().listSecrets('p'));
    expect([gone.code, gone.message]).toEqual([
      'not_found',
      'Secret Manager: Secret [projects/p/secrets/api-key] not found.',
    ]);
  });
});
