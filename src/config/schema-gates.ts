import { z } from 'zod';

/**
 * Promotion gates and pre-deploy jobs:
 * - `services.<name>.environments.<env>.requires: { succeededIn: staging, soakMinutes: 30 }`: a commit deploys to
 *   this environment only after it succeeded in `succeededIn` and served there for `soakMinutes`;
 * - `rollout.preDeploy: [{ job, args, timeoutSeconds }]`: Cloud Run Jobs run on the new image before traffic moves.
 */

const environmentName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase environment name');

export const promotionGateSchema = z.strictObject({
  /** The environment the commit must have succeeded in first. */
  succeededIn: environmentName,
  /** How long it must have served there (at 100 %, not rolled back) before it may go on. 0 to 7 days. */
  soakMinutes: z.number().int().min(0).max(10_080).default(30),
});

/** A Cloud Run Job name: lowercase letters, digits and dashes, at most 49 characters so execution names fit. */
const jobName = z
  .string()
  .regex(/^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/, 'expected a Cloud Run job name (lowercase letters, digits, dashes)');

export const preDeployJobSchema = z.strictObject({
  job: jobName,
  /** The container's arguments for this run (Cloud Run's per-execution override). */
  args: z.array(z.string().max(1000)).max(50).default([]),
  /** The execution's task timeout (Cloud Run enforces it); the deploy gives up a minute after it. 10 s to 24 h. */
  timeoutSeconds: z.number().int().min(10).max(86_400).default(600),
});

export const preDeploySchema = z.array(preDeployJobSchema).max(5);

export type PromotionGate = z.output<typeof promotionGateSchema>;
export type PreDeployJob = z.output<typeof preDeployJobSchema>;

interface ServiceShape {
  rollout: { strategy: string; preDeploy?: unknown[] | undefined };
  environments: Record<
    string,
    {
      requires?: PromotionGate | undefined;
      rollout?: { strategy?: string; preDeploy?: unknown[] | undefined } | undefined;
    }
  >;
}

/** Cross-key rules of one service: a gate names another environment of it, gates form no cycle, jobs need cloud-run. */
export function gateProblems(svc: ServiceShape, ctx: z.RefinementCtx): void {
  const names = Object.keys(svc.environments);
  for (const [name, env] of Object.entries(svc.environments)) {
    const gate = env.requires;
    if (gate && (gate.succeededIn === name || !names.includes(gate.succeededIn)))
      ctx.addIssue({
        code: 'custom',
        path: ['environments', name, 'requires', 'succeededIn'],
        message:
          gate.succeededIn === name
            ? 'an environment cannot require itself'
            : `no environment "${gate.succeededIn}" in this service (known: ${names.join(', ')})`,
      });
    else if (gate && cycleFrom(svc, name))
      ctx.addIssue({
        code: 'custom',
        path: ['environments', name, 'requires', 'succeededIn'],
        message: `the environments require each other in a circle (${cycleFrom(svc, name)}), so nothing could deploy`,
      });
    const strategy = env.rollout?.strategy ?? svc.rollout.strategy;
    const jobs = env.rollout?.preDeploy ?? svc.rollout.preDeploy ?? [];
    if (strategy !== 'cloud-run' && jobs.length > 0)
      ctx.addIssue({
        code: 'custom',
        path: env.rollout?.preDeploy ? ['environments', name, 'rollout', 'preDeploy'] : ['rollout', 'preDeploy'],
        message: `preDeploy runs Cloud Run Jobs before a cloud-run rollout; ${name} rolls out with ${strategy}`,
      });
  }
}

function cycleFrom(svc: ServiceShape, start: string): string | undefined {
  const seen = [start];
  for (let at = svc.environments[start]?.requires?.succeededIn; at !== undefined; ) {
    if (at === start) return [...seen, start].join(' → ');
    if (seen.includes(at)) return undefined;
    seen.push(at);
    at = svc.environments[at]?.requires?.succeededIn;
  }
  return undefined;
}
