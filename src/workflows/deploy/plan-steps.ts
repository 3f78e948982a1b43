import { canaryVerification } from './canary-plan.js';
import type { DeployTarget } from './target.js';

/** The steps a rollout of `target` goes through, as the plan lists them. */
export function stepsFor(target: DeployTarget): string[] {
  if (target.rollout.strategy === 'github-actions')
    return [
      'Create GitHub deployment',
      `Dispatch ${target.rollout.workflow ?? 'workflow'}`,
      'Follow the run',
      'Verify',
    ];
  return [
    'Create GitHub deployment',
    'Deploy revision with no traffic',
    ...(target.rollout.preDeploy ?? []).map((j) => preDeployStep(j.job)),
    'Health check the tagged revision',
    ...target.rollout.canary.steps.map((p) => `Canary ${p}%`),
    'Verify',
  ];
}

/** How the rollout's success is verified, in words. */
export function verificationFor(target: DeployTarget): string[] {
  if (target.rollout.strategy === 'github-actions') return ['the workflow run concludes with success'];
  const hc = target.rollout.healthCheck;
  return [
    `GET ${hc.path} answers ${hc.expectStatus} on the new revision`,
    `checked through every canary step (${target.rollout.canary.bakeSeconds}s bake each)`,
    'traffic at 100% on the new revision',
    ...((target.rollout.preDeploy ?? []).length > 0
      ? ['each pre-deploy job run on the new image completes before any traffic moves']
      : []),
    ...canaryVerification(target),
  ];
}

/** A pre-deploy job's step, as the plan lists it. */
export const preDeployStep = (job: string): string => `Run job ${job}`;
