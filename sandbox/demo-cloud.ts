import { DEFAULT_FAILURE_MESSAGE, generatedRevisionName, type CloudRunServiceSeed } from './cloud-run/model.js';
import { demoCommitAgeMinutes, demoCommitShas, type DemoRepo } from './demo-github.js';

/**
 * Demo data for the Cloud Run stand-in: project `demo-project`, region `europe-west1`, and three services
 * running images built from the demo GitHub history (demo-github.ts):
 * - api: three revisions; 90% on the latest ready one, 10% on the previous one, both tagged; main's newest
 *   commit is not deployed yet.
 * - web: two revisions; 100% on the latest.
 * - worker: its latest revision failed to start; traffic stays 100% on the previous good one.
 * How the revisions answer real traffic (the canary analysis demos) is demo-canaries.ts.
 */

export const DEMO_PROJECT = 'demo-project';
export const DEMO_REGION = 'europe-west1';

export const demoImage = (service: string, sha: string): string =>
  `${DEMO_REGION}-docker.pkg.dev/${DEMO_PROJECT}/apps/${service}:${sha.slice(0, 7)}`;

/** The revision name the demo gives a service's revision at this generation. */
export const demoRevisionName = (service: string, generation: number): string =>
  generatedRevisionName(service, generation, `demo:${service}:${generation}`);

const minutesBefore = (now: Date, minutes: number): Date => new Date(now.getTime() - minutes * 60_000);

export function demoCloudRunServices(now: Date = new Date()): CloudRunServiceSeed[] {
  const sha = (repo: DemoRepo, index: number): string => demoCommitShas(repo)[index]!;
  // A revision is created when the build of its commit is done, `buildMinutes` after the commit.
  const rev = (
    service: DemoRepo,
    generation: number,
    commit: number,
    buildMinutes: number,
    failureMessage?: string,
  ) => ({
    name: demoRevisionName(service, generation),
    image: demoImage(service, sha(service, commit)),
    createTime: minutesBefore(now, demoCommitAgeMinutes(service, commit) - buildMinutes),
    ...(failureMessage ? { ready: false, failureMessage } : {}),
  });
  const base = { project: DEMO_PROJECT, region: DEMO_REGION, labels: { team: 'shop', 'managed-by': 'chatops-bot' } };

  const api = [rev('api', 17, 6, 12), rev('api', 19, 7, 9), rev('api', 21, 8, 11)];
  const web = [rev('web', 11, 7, 10), rev('web', 12, 8, 8)];
  const worker = [
    rev('worker', 31, 7, 14),
    rev('worker', 32, 8, 12),
    rev(
      'worker',
      34,
      9,
      9,
      `${DEFAULT_FAILURE_MESSAGE}\n\nLogs URL: https://console.cloud.google.com/logs/viewer?project=${DEMO_PROJECT}&resource=cloud_run_revision/service_name/worker/revision_name/${demoRevisionName('worker', 34)}\nFor more troubleshooting guidance, see https://cloud.google.com/run/docs/troubleshooting#container-failed-to-start`,
    ),
  ];
  const tag = (service: DemoRepo, commit: number): string => `sha-${sha(service, commit).slice(0, 7)}`;

  return [
    {
      ...base,
      name: 'api',
      createTime: minutesBefore(now, 60 * 24 * 60),
      generation: 22,
      revisions: api,
      traffic: [
        { revision: api[2]!.name, percent: 90, tag: tag('api', 8) },
        { revision: api[1]!.name, percent: 10, tag: tag('api', 7) },
      ],
    },
    {
      ...base,
      name: 'web',
      createTime: minutesBefore(now, 45 * 24 * 60),
      revisions: web,
      traffic: [{ revision: null, percent: 100 }],
    },
    {
      ...base,
      name: 'worker',
      createTime: minutesBefore(now, 90 * 24 * 60),
      revisions: worker,
      // Pinned to the last good revision by an earlier rollback (generation 33), so the failed one got no traffic.
      traffic: [{ revision: worker[1]!.name, percent: 100 }],
    },
  ];
}

/** The demo services, dated relative to when this module loaded. */
export const DEMO_CLOUD_RUN_SERVICES: CloudRunServiceSeed[] = demoCloudRunServices();
