import type { Harness } from './harness.js';
import { testConfig } from './deploy-helpers.js';

export const IMAGE_REPO = 'europe-west1-docker.pkg.dev/demo-project/apps/api';

/**
 * The example config with api staging on its own Cloud Run service (`api-staging`, seeded by `seedStaging`) and,
 * unless `gate` is false, api prod requiring staging plus a 30-minute soak; `change` edits the YAML further.
 */
export function gatedConfig(options: { gate?: boolean; change?: (yaml: string) => string } = {}): string {
  return testConfig((y) => {
    let yaml = y.replace(
      'channel: "#deploys-staging"\n',
      'channel: "#deploys-staging"\n        cloudRun: { service: api-staging }\n',
    );
    if (options.gate !== false)
      yaml = yaml.replace(
        'minApprovals: 1\n        channel: "#deploys"',
        'minApprovals: 1\n        channel: "#deploys"\n        requires: { succeededIn: staging, soakMinutes: 30 }',
      );
    return options.change ? options.change(yaml) : yaml;
  });
}

/** The api-staging service in the Cloud Run stand-in: one revision no deploy of the bot made, serving 100 %. */
export function seedStaging(h: Harness): void {
  h.cloudRun.seed([
    {
      project: 'demo-project',
      region: 'europe-west1',
      name: 'api-staging',
      revisions: [
        { name: 'api-staging-00001-abc', image: `${IMAGE_REPO}:0000000`, createTime: '2026-11-01T10:00:00Z' },
      ],
      traffic: [{ revision: 'api-staging-00001-abc', percent: 100 }],
    },
  ]);
}

/** The image a service's template runs now (what its newest revision was made from). */
export const templateImage = (h: Harness, service: string): string =>
  (h.cloudRun.getService(service).template as { containers: { image: string }[] }).containers[0]?.image ?? '';

/** The image a revision reports, by digest (`repo@sha256:…`). */
export const revisionImage = (h: Harness, service: string, revision: string): string => {
  const found = h.cloudRun.getRevisions(service).find((r) => String(r.name).endsWith(`/${revision}`));
  return ((found?.containers as { image: string }[] | undefined)?.[0]?.image ?? '') as string;
};
