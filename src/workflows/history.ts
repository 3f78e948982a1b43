import { DEPLOYMENTS, type Deployment } from '../domain/deployment.js';
import type { WorkflowContext } from './context.js';

/** How many deploys `/deploy history` shows. */
export const HISTORY_LIMIT = 10;

/**
 * The last deploys of a service, newest first: of one environment, or of all its environments merged.
 * Each environment is one query on (service, environment, requestedAt), the index the store already has.
 */
export async function deployHistory(
  ctx: WorkflowContext,
  service: string,
  environment?: string,
): Promise<Deployment[]> {
  const environments = environment ? [environment] : Object.keys(ctx.config.services[service]?.environments ?? {});
  const perEnvironment = await Promise.all(
    environments.map((env) =>
      ctx.store.list(DEPLOYMENTS, {
        where: { service, environment: env },
        orderBy: { field: 'requestedAt', direction: 'desc' },
        limit: HISTORY_LIMIT,
      }),
    ),
  );
  return perEnvironment
    .flat()
    .map((r) => r.data)
    .sort((a, b) => b.requestedAt.localeCompare(a.requestedAt))
    .slice(0, HISTORY_LIMIT);
}
