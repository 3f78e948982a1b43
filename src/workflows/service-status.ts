import type { ServiceConfig } from '../config/schema.js';
import { wentLiveAt } from '../domain/deployment.js';
import { isPortError, Refusal } from '../domain/errors.js';
import type { ServiceStatus } from '../domain/service-status.js';
import type { ServiceLocation } from '../ports/runtime-platform.js';
import type { WorkflowContext } from './context.js';
import { liveState, recentDeploysOf } from './deploy/serving.js';
import { resolveTarget } from './deploy/target.js';
import { checkTarget } from './targets.js';

/** Reads every service's Cloud Run state and last deploy, in parallel; one failing backend never hides the others. */
export async function getServiceStatus(ctx: WorkflowContext, only?: string): Promise<ServiceStatus[]> {
  const problem = only === undefined ? undefined : checkTarget(ctx.config.services, only);
  if (problem) throw new Refusal(problem, 'not_found');
  const names = Object.keys(ctx.config.services);
  const targets = (only ? [only] : names).flatMap((name) => locationsOf(name, ctx.config.services[name]!));
  return Promise.all(targets.map((target) => statusOf(ctx, target)));
}

interface Target {
  service: string;
  environments: string[];
  location: ServiceLocation;
}

/** Environments that share one Cloud Run service are reported once. */
function locationsOf(service: string, config: ServiceConfig): Target[] {
  const byKey = new Map<string, Target>();
  for (const [env, envConfig] of Object.entries(config.environments)) {
    const location = { ...config.cloudRun, ...envConfig.cloudRun };
    const key = `${location.project}/${location.region}/${location.service}`;
    const target = byKey.get(key) ?? { service, environments: [], location };
    target.environments.push(env);
    byKey.set(key, target);
  }
  return [...byKey.values()];
}

async function statusOf(ctx: WorkflowContext, target: Target): Promise<ServiceStatus> {
  const [runtime, deploys] = await Promise.allSettled([
    ctx.runtime.getService(target.location),
    Promise.all(target.environments.map((env) => recentDeploysOf(ctx, target.service, env))),
  ]);
  const status: ServiceStatus = { ...target, lastDeploy: null, checkedAt: ctx.clock.now() };
  if (runtime.status === 'fulfilled') status.runtime = runtime.value;
  else status.runtimeError = describe(ctx, runtime.reason, target);
  if (deploys.status === 'rejected') {
    ctx.log.warn({ err: deploys.reason, service: target.service }, 'could not read the last deploy');
    return status;
  }
  // "Last deploy" is what last reached traffic, never a plan that was rejected, expired or failed before it.
  const cloudRun = (env: string) => resolveTarget(ctx.config, target.service, env).rollout.strategy === 'cloud-run';
  const states = target.environments.map((env, i) =>
    liveState(
      target.service,
      env,
      deploys.value[i]!,
      cloudRun(env) && runtime.status === 'fulfilled' ? runtime.value : undefined,
    ),
  );
  const newest = states.filter((s) => s.last).sort((a, b) => wentLiveAt(b.last!).localeCompare(wentLiveAt(a.last!)))[0];
  if (newest) {
    status.lastDeploy = newest.last!;
    status.live = newest;
  }
  return status;
}

function describe(ctx: WorkflowContext, error: unknown, target: Target): NonNullable<ServiceStatus['runtimeError']> {
  if (isPortError(error)) return { code: error.code, message: error.message };
  ctx.log.error({ err: error, service: target.service }, 'unexpected error reading Cloud Run');
  return { code: 'internal', message: 'Cloud Run could not be read (an unexpected error; see the bot logs)' };
}
