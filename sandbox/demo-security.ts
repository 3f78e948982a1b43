import { randomBytes } from 'node:crypto';
import type { Settings } from '../src/config/env.js';
import type { CloudRunStandin } from './cloud-run-standin.js';
import { exposureOf } from './cloud-run/exposure.js';
import { serviceKey } from './cloud-run/model.js';
import { DEMO_PROJECT, DEMO_REGION } from './demo-cloud.js';
import { RulesStandin } from './rules/standin.js';
import { SecretManagerStandin } from './secret-manager/standin.js';

/**
 * The security audit's demo project (`/audit` in the sandbox): Firestore rules left in test mode (open to everyone
 * for three more weeks), `worker` callable by allUsers though chatops.example.yml marks it internal, `api` with
 * a payment token in a plain environment variable, and a Secret Manager secret not rotated for 200 days.
 */

export interface SecurityStandins {
  rules: RulesStandin;
  secretManager: SecretManagerStandin;
  /** The plaintext values planted in the demo (env vars): no report, log or message may ever show one. */
  planted: string[];
  audit: Settings['audit'];
}

const DAY = 86_400_000;

export function testModeRules(until: Date): string {
  const [y, m, d] = until.toISOString().slice(0, 10).split('-').map(Number);
  return `rules_version = '2';

service cloud.firestore {
  match /databases/{database}/documents {
    // This rule allows anyone with your database reference to view, edit,
    // and delete all data in your database. It is useful for getting
    // started, but it is configured to expire after 30 days.
    match /{document=**} {
      allow read, write: if request.time < timestamp.date(${y}, ${m}, ${d});
    }
  }
}
`;
}

export async function startSecuritySandbox(
  base: Settings,
  cloudRun: CloudRunStandin,
  now = new Date(),
): Promise<SecurityStandins> {
  const rules = new RulesStandin();
  const secretManager = new SecretManagerStandin();
  rules.release(
    DEMO_PROJECT,
    'cloud.firestore',
    testModeRules(new Date(now.getTime() + 21 * DAY)),
    'firestore.rules',
    new Date(now.getTime() - 9 * DAY),
  );
  rules.setCollections(DEMO_PROJECT, '(default)', ['orders', 'products', 'users']);
  secretManager.seed([
    {
      project: DEMO_PROJECT,
      name: 'stripe-api-key',
      createTime: new Date(now.getTime() - 400 * DAY),
      versions: [
        { createTime: new Date(now.getTime() - 400 * DAY), state: 'DISABLED' },
        { createTime: new Date(now.getTime() - 200 * DAY) },
      ],
    },
    {
      project: DEMO_PROJECT,
      name: 'db-password',
      createTime: new Date(now.getTime() - 120 * DAY),
      rotation: { nextRotationTime: new Date(now.getTime() + 20 * DAY) },
      versions: [{ createTime: new Date(now.getTime() - 10 * DAY) }],
    },
  ]);
  const planted = `pk_live_${randomBytes(18).toString('hex')}`;
  const service = (name: string) => cloudRun.services.get(serviceKey(DEMO_PROJECT, DEMO_REGION, name));
  const worker = service('worker');
  if (worker) exposureOf(worker).bindings = [{ role: 'roles/run.invoker', members: ['allUsers'] }];
  const web = service('web');
  if (web) exposureOf(web).bindings = [{ role: 'roles/run.invoker', members: ['allUsers'] }];
  const api = service('api');
  const container = api?.template.containers?.[0];
  if (container)
    container.env = [
      { name: 'LOG_LEVEL', value: 'info' },
      { name: 'PAYMENT_API_TOKEN', value: planted },
      { name: 'DB_PASSWORD', valueSource: { secretKeyRef: { secret: 'db-password', version: 'latest' } } },
    ];
  await Promise.all([rules.start(), secretManager.start()]);
  return {
    rules,
    secretManager,
    planted: [planted],
    audit: {
      ...base.audit,
      rulesEndpoint: rules.url,
      firestoreEndpoint: rules.url,
      secretManagerEndpoint: secretManager.url,
    },
  };
}
