import type { Config } from '../src/config/schema.js';
import type { JobSeed } from './cloud-run/jobs-model.js';
import { DEMO_PROJECT, DEMO_REGION, demoImage } from './demo-cloud.js';

/**
 * The demo of promotion gates and pre-deploy jobs, on worker (npm start only, like the demo freeze): its rollouts run
 * the migration job `worker-migrate` before traffic moves, and worker prod takes only what succeeded in staging
 * and served there for a minute.
 */
export const DEMO_MIGRATION = { service: 'worker', job: 'worker-migrate', soakMinutes: 1 } as const;

/** The job in the Cloud Run stand-in; its executions run 3 s and succeed (`--fail` in args would fail them). */
export const DEMO_JOBS: JobSeed[] = [
  {
    project: DEMO_PROJECT,
    region: DEMO_REGION,
    name: DEMO_MIGRATION.job,
    image: demoImage(DEMO_MIGRATION.service, '0000000'),
    args: ['migrate'],
  },
];

export function addDemoGates(config: Config): void {
  const service = config.services[DEMO_MIGRATION.service];
  if (!service?.environments.prod || !service.environments.staging) return;
  service.rollout.preDeploy = [
    { job: DEMO_MIGRATION.job, args: ['migrate', '--to=latest', '--seconds=3'], timeoutSeconds: 600 },
  ];
  service.environments.prod.requires = { succeededIn: 'staging', soakMinutes: DEMO_MIGRATION.soakMinutes };
}

export const DEMO_GATES_WELCOME = `• \`/deploy ${DEMO_MIGRATION.service} staging\`: runs the demo migration job \`${DEMO_MIGRATION.job}\` on the new image before any traffic moves (the thread links its execution's logs). ${DEMO_MIGRATION.service} prod takes only what succeeded in staging and served there for ${DEMO_MIGRATION.soakMinutes} min: \`/deploy ${DEMO_MIGRATION.service} prod\` says what is missing; a minute later, as *jo*, \`/deploy promote ${DEMO_MIGRATION.service}\` plans prod with staging's exact image digest (*alex* and *sam* approve).`;
