import type { Config, EnvironmentConfig, ServiceConfig } from '../../config/schema.js';
import type { RolloutConfig } from '../../config/schema-deploy.js';
import type { ServiceLocation } from '../../ports/runtime-platform.js';
import type { RepoRef } from '../../ports/source-control.js';
import { Refusal } from '../records.js';
import { checkTarget } from '../targets.js';

/** Everything config says about deploying one service to one environment, merged. */
export interface DeployTarget {
  service: string;
  environment: string;
  serviceConfig: ServiceConfig;
  env: EnvironmentConfig;
  rollout: RolloutConfig;
  location: ServiceLocation;
  repo: RepoRef;
}

export function resolveTarget(config: Config, service: string, environment: string): DeployTarget {
  const problem = checkTarget(config.services, service, environment);
  if (problem) throw new Refusal(problem, 'not_found');
  const serviceConfig = config.services[service]!;
  const env = serviceConfig.environments[environment]!;
  const rollout = { ...serviceConfig.rollout, ...env.rollout } as RolloutConfig;
  return {
    service,
    environment,
    serviceConfig,
    env,
    rollout,
    location: { ...serviceConfig.cloudRun, ...env.cloudRun },
    repo: serviceConfig.github,
  };
}

/** The image for a commit, from the template: {sha}, {sha7}, {service}, {env}. */
/** The revision a cloud-run deploy creates: named after the deploy ID, so a resumed step finds it. */
export const revisionSuffixFor = (deployId: string): string => `d${deployId.slice(-6)}`;
export const revisionFor = (target: DeployTarget, deployId: string): string =>
  `${target.location.service}-${revisionSuffixFor(deployId)}`;

export function imageFor(target: DeployTarget, sha: string): string {
  const template = target.rollout.image;
  if (!template)
    throw new Refusal(
      `No image template for ${target.service}: set services.${target.service}.rollout.image in chatops.yml.`,
    );
  return template
    .replaceAll('{sha}', sha)
    .replaceAll('{sha7}', sha.slice(0, 7))
    .replaceAll('{service}', target.service)
    .replaceAll('{env}', target.environment);
}
