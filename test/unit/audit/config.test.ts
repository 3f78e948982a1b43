import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/load-config.js';
import { loadSettings } from '../../../src/config/env.js';
import { problemsOf } from '../../support/problems.js';
import { exampleYamlForTests } from '../../support/test-config.js';

describe('audit config and environment', () => {
  const example = exampleYamlForTests();

  it('defaults every key when the section is left out', () => {
    const config = parseConfig(example.replace(/^audit:\n(?: {2}.*\n)+/m, ''), 'chatops.yml');
    expect(config.audit).toMatchObject({
      publicServices: [],
      secrets: { rotationDays: 90, maxEnabledVersions: 3 },
      gateProdDeploys: false,
      digest: { enabled: true, schedule: '0 8 * * MON', inProcess: true },
    });
  });

  it('names the key path of a service that does not exist and of a bad value', () => {
    const bad = example
      .replace('publicServices: [web]', 'publicServices: [web, wbe]')
      .replace('rotationDays: 90', 'rotationDays: 0');
    expect(problemsOf(() => parseConfig(bad, 'chatops.yml'))).toEqual(
      expect.arrayContaining([
        'audit.secrets.rotationDays: expected a number ≥ 1',
        'audit.publicServices.1: no service "wbe" in services',
      ]),
    );
  });

  it('reads the endpoints and the job audience, which needs the invokers', () => {
    const settings = loadSettings({
      FIREBASE_RULES_API_ENDPOINT: 'http://127.0.0.1:9001',
      SECRET_MANAGER_API_ENDPOINT: 'http://127.0.0.1:9002',
      FIRESTORE_RULES_EMULATOR_HOST: '127.0.0.1:8085',
      SECURITY_AUDIT_JOB_AUDIENCE: 'https://bot/jobs/security-audit',
      COST_JOB_INVOKERS: 'jobs@p.iam.gserviceaccount.com',
    });
    expect(settings.audit).toMatchObject({
      rulesEndpoint: 'http://127.0.0.1:9001',
      secretManagerEndpoint: 'http://127.0.0.1:9002',
      rulesEmulatorHost: '127.0.0.1:8085',
      job: { path: '/jobs/security-audit', audiences: ['https://bot/jobs/security-audit'] },
    });
    expect(problemsOf(() => loadSettings({ SECURITY_AUDIT_JOB_AUDIENCE: 'https://bot/jobs/security-audit' }))).toEqual([
      expect.stringContaining('COST_JOB_INVOKERS: required with SECURITY_AUDIT_JOB_AUDIENCE'),
    ]);
  });
});
