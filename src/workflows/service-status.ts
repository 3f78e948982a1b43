import type { ServiceConfig } from '../config/schema.js';
import { DEPLOYMENTS, type Deployment } from '../domain/deployment.js';
import { isPortError } from '../domain/errors.js';
import type { ServiceStatus } from '../domain/service-status.js';
import type { ServiceLocation } from '../ports/runtime-platform.js';
import type { WorkflowContext } from './context.js';

export class UnknownServiceError extends Error {
  constructor(
    readonly service: string,
    readonly known: string[],
  ) {
    super(`unknown service ${service}`);
  }
}

/** Reads every service's Cloud Run state and last deploy, in parallel; one failing backend never hides the others. */
export async function getServiceStatus(ctx: WorkflowContext, only?: string): Promise<ServiceStatus[]> {
  const names = Object.keys(ctx.config.services);
  if (only !== undefined && !names.includes(only)) throw new UnknownServiceError(only, names);
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
  const [runtime, lastDeploy] = await Promise.allSettled([ctx.runtime.getService(target.location), lastDeployOf(ctx, target)]);
  const status: ServiceStatus = { ...target, lastDeploy: null, checkedAt: ctx.clock.now() };
  if (runtime.status === 'fulfilled') status.runtime = runtime.value;
  else status.runtimeError = describe(ctx, runtime.reason, target);
  if (lastDeploy.status === 'fulfilled') status.lastDeploy = lastDeploy.value;
  else ctx.log.warn({ err: lastDeploy.reason, service: target.service }, 'could not read the last deploy');
  return status;
}

async function lastDeployOf(ctx: WorkflowContext, target: Target): Promise<Deployment | null> {
  const deploys = await Promise.all(
    target.environments.map((environment) =>
      ctx.store.list<Deployment>(DEPLOYMENTS, { where: { service: target.service, environment }, orderBy: { field: 'requestedAt', direction: 'desc' }, limit: 1 }),
    ),
  );
  const latest = deploys.flat().sort((a, b) => b.data.requestedAt.localeCompare(a.data.requestedAt))[0];
  return latest?.data ?? null;
}

function describe(ctx: WorkflowContext, error: unknown, target: Target): NonNullable<ServiceStatus['runtimeError']> {
  if (isPortError(error)) return { code: error.code, message: error.message };
  ctx.log.error({ err: error, service: target.service }, 'unexpected error reading Cloud Run');
  return { code: 'internal', message: 'Cloud Run could not be read (an unexpected error; see the bot logs)' };
}
