/** requestDeploy as /deploy calls it, and a deploy's record, on a unit context. */
import { DEPLOYMENTS, type Deployment } from '../../../src/domain/deployment.js';
import { type DeployRequest, requestDeploy } from '../../../src/workflows/deploy/plan.js';
import type { UnitContext } from '../../support/unit-context.js';

export const request = (u: UnitContext, what: DeployRequest): Promise<Deployment> => requestDeploy(u.ctx, what);

export async function recordOf(u: UnitContext, id: string): Promise<Deployment | undefined> {
  return (await u.store.get<Deployment>(DEPLOYMENTS, id))?.data;
}

export const allDeploys = async (u: UnitContext): Promise<Deployment[]> =>
  (await u.store.list<Deployment>(DEPLOYMENTS)).map((r) => r.data);

/** Marks a deploy as rolled out: it serves `revision`, having taken `seconds`. */
export async function markSucceeded(u: UnitContext, id: string, revision: string, seconds: number): Promise<void> {
  const record = await u.store.get<Deployment>(DEPLOYMENTS, id);
  if (!record) throw new Error(`no deploy ${id}`);
  const started = u.clock.now();
  const data: Deployment = {
    ...record.data,
    status: 'succeeded',
    revision,
    startedAt: started.toISOString(),
    reachedTrafficAt: started.toISOString(),
    finishedAt: new Date(started.getTime() + seconds * 1000).toISOString(),
    steps: record.data.steps.map((s) => ({ ...s, state: 'done' })),
  };
  if (!(await u.store.compareAndSet(DEPLOYMENTS, id, record.version, data))) throw new Error('changed meanwhile');
}
