import {
  DEPLOYMENTS,
  lastLiveOf,
  liveOf,
  servedAs,
  servesNow,
  stopOf,
  type Deployment,
  type StoppedServing,
} from '../../domain/deployment.js';
import type { LiveState, TrafficDrift } from '../../domain/live.js';
import type { RuntimeService } from '../../ports/runtime-platform.js';
import type { WorkflowContext } from '../context.js';
import { update } from '../records.js';
import { resolveTarget } from './target.js';

/** How far back the records are read for what serves: more than any service keeps serving at once. */
const RECENT = 30;

export async function recentDeploysOf(
  ctx: WorkflowContext,
  service: string,
  environment: string,
  limit = RECENT,
): Promise<Deployment[]> {
  const records = await ctx.store.list(DEPLOYMENTS, {
    where: { service, environment },
    orderBy: { field: 'requestedAt', direction: 'desc' },
    limit,
  });
  return records.map((r) => r.data);
}

export type StopInput = Pick<StoppedServing, 'how' | 'by'> & Partial<Pick<StoppedServing, 'reason' | 'requestId'>>;

/**
 * A rollback moved all traffic to `to` (a revision, or a ref for github-actions): every deploy that serves by the
 * records and is not `to` stopped serving; the newest deploy that made `to` serves again. Compare-and-set each,
 * idempotent (a resumed rollback records nothing twice). Returns the deploys it changed.
 */
export async function recordRollback(
  ctx: WorkflowContext,
  where: { service: string; environment: string },
  to: string,
  stop: StopInput,
): Promise<string[]> {
  const deploys = await recentDeploysOf(ctx, where.service, where.environment);
  const at = ctx.clock.now().toISOString();
  const changed: string[] = [];
  for (const d of deploys.filter((x) => servesNow(x) && servedAs(x) !== to)) {
    if (await markStopped(ctx, d.id, { ...stop, at, to })) changed.push(d.id);
  }
  const back = deploys.find((d) => servedAs(d) === to && d.status === 'succeeded');
  if (back?.stoppedServing) {
    const written = await update(ctx.store, DEPLOYMENTS, back.id, (d) => {
      if (!d.stoppedServing) return d;
      delete d.stoppedServing;
      d.servingAgain = { at, by: stop.by };
      return d;
    });
    if (written) changed.push(back.id);
  }
  announce(ctx, changed);
  return changed;
}

/** A deploy reached 100% of traffic: the deploys that served before it are superseded. */
export async function supersedeEarlier(ctx: WorkflowContext, newer: Deployment): Promise<string[]> {
  const deploys = await recentDeploysOf(ctx, newer.service, newer.environment);
  const at = ctx.clock.now().toISOString();
  const changed: string[] = [];
  for (const d of deploys.filter((x) => x.id !== newer.id && servesNow(x))) {
    const stop: StoppedServing = {
      how: 'superseded',
      by: newer.requestedBy,
      at,
      supersededBy: { id: newer.id, sha: newer.sha },
      ...(servedAs(newer) ? { to: servedAs(newer)! } : {}),
    };
    if (await markStopped(ctx, d.id, stop)) changed.push(d.id);
  }
  announce(ctx, changed);
  return changed;
}

/** Sets `stoppedServing` unless the deploy already stopped (compare-and-set); true when this call wrote it. */
export async function markStopped(ctx: WorkflowContext, id: string, stop: StoppedServing): Promise<boolean> {
  let wrote = false;
  await update(ctx.store, DEPLOYMENTS, id, (d) => {
    wrote = false;
    if (d.stoppedServing) return d;
    wrote = true;
    return { ...d, stoppedServing: stop };
  });
  return wrote;
}

/** Each changed deploy's plan card is re-rendered in place. */
function announce(ctx: WorkflowContext, ids: string[]): void {
  for (const id of ids) ctx.events.emit('deploy.updated', { deploymentId: id });
}

/**
 * What serves service/environment by the records, compared with Cloud Run's traffic when `runtime` is given
 * (cloud-run only: a github-actions deploy's revision is not the bot's to know).
 */
export function liveState(
  service: string,
  environment: string,
  deploys: Deployment[],
  runtime?: RuntimeService,
): LiveState {
  const live = liveOf(deploys);
  const last = lastLiveOf(deploys);
  const state: LiveState = { service, environment, ...(live ? { live } : {}), ...(last ? { last } : {}) };
  if (!runtime) return state;
  const traffic = trafficOf(runtime);
  state.traffic = traffic;
  const drift = driftOf(live, last, traffic);
  if (drift) state.drift = drift;
  return state;
}

/** Reads the records (and Cloud Run, for cloud-run services) for one service and environment. */
export async function readLiveState(
  ctx: WorkflowContext,
  target: {
    service: string;
    environment: string;
    location: { project: string; region: string; service: string };
    strategy: 'cloud-run' | 'github-actions';
  },
): Promise<LiveState> {
  const [deploys, runtime] = await Promise.all([
    recentDeploysOf(ctx, target.service, target.environment),
    target.strategy === 'cloud-run'
      ? ctx.runtime
          .getService(target.location)
          .catch(
            (error: unknown) => (
              ctx.log.warn({ err: error, service: target.service }, 'could not read Cloud Run traffic'), undefined
            ),
          )
      : Promise.resolve(undefined),
  ]);
  return liveState(target.service, target.environment, deploys, runtime);
}

/** Traffic per revision, most first; "latest" entries resolved to the latest ready revision. */
export function trafficOf(runtime: RuntimeService): { revision: string; percent: number }[] {
  const shares = new Map<string, number>();
  for (const t of runtime.traffic) {
    const revision = t.revision ?? runtime.latestReadyRevision ?? 'latest';
    if (t.percent > 0) shares.set(revision, (shares.get(revision) ?? 0) + t.percent);
  }
  return [...shares].map(([revision, percent]) => ({ revision, percent })).sort((a, b) => b.percent - a.percent);
}

function driftOf(
  live: Deployment | undefined,
  last: Deployment | undefined,
  traffic: { revision: string; percent: number }[],
): TrafficDrift | undefined {
  const expectation = expected(live, last);
  if (!expectation) return undefined;
  if (traffic.find((t) => t.revision === expectation.expected)?.percent === 100) return undefined;
  return { ...expectation, actual: traffic.map((t) => `${t.percent}% \`${t.revision}\``).join(', ') || 'nothing' };
}

/** The revision the records say takes all traffic; none while a rollout moves it, or when the bot never knew it. */
function expected(
  live: Deployment | undefined,
  last: Deployment | undefined,
): Omit<TrafficDrift, 'actual'> | undefined {
  if (live) {
    if (live.strategy !== 'cloud-run' || live.status !== 'succeeded' || !live.revision) return undefined;
    return { expected: live.revision, because: `deploy ${live.id} of \`${live.sha.slice(0, 7)}\` put it there` };
  }
  const stop = last && stopOf(last);
  if (last?.strategy !== 'cloud-run' || !stop?.to || stop.how === 'superseded') return undefined;
  return {
    expected: stop.to,
    because: `${stop.how === 'automatic-rollback' ? 'the automatic rollback' : 'a rollback'} of deploy ${last.id} returned to it`,
  };
}

/** What serves each service in one environment (the incident card's prod), records against Cloud Run. */
export async function liveStatesOf(
  ctx: WorkflowContext,
  services: string[],
  environment: string,
): Promise<LiveState[]> {
  const known = services.filter((s) => ctx.config.services[s]?.environments[environment]);
  return Promise.all(
    known.map((service) => {
      const target = resolveTarget(ctx.config, service, environment);
      return readLiveState(ctx, { service, environment, location: target.location, strategy: target.rollout.strategy });
    }),
  );
}
