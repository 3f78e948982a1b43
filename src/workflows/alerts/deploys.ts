import type { Alert, AlertCardFacts, TrafficMove } from '../../domain/alert.js';
import { reachedTraffic, type Deployment } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { readLiveState, recentDeploysOf } from '../deploy/serving.js';
import { resolveTarget } from '../deploy/target.js';
import { getIncident } from '../incident/repository.js';

/** The canary steps' starts, when traffic was set (`Canary 50%`); a run's success for github-actions. */
export function trafficMoves(d: Deployment): TrafficMove[] {
  const moves: TrafficMove[] = [];
  for (const step of d.steps) {
    const percent = /^Canary (\d{1,3})%$/.exec(step.name)?.[1];
    if (percent && step.startedAt) moves.push({ percent: Number(percent), at: step.startedAt });
  }
  if (moves.length === 0 && d.reachedTrafficAt) moves.push({ percent: 100, at: d.reachedTrafficAt });
  return moves;
}

/**
 * The facts of an alert's card. Reading Cloud Run may fail: the deploys are still listed, without a Roll back
 * button (the shared rollback path checks what serves before it moves anything anyway).
 */
export async function alertCardFacts(ctx: WorkflowContext, alert: Alert): Promise<AlertCardFacts> {
  const incidentId = alert.declared?.incidentId ?? alert.incidentId;
  const incident = incidentId ? await getIncident(ctx, incidentId).catch(() => undefined) : undefined;
  const { service, environment } = alert;
  if (!service || !environment || !ctx.config.services[service]?.environments[environment])
    return { deploys: [], ...(incident ? { incident } : {}) };
  const target = resolveTarget(ctx.config, service, environment);
  const [deploys, live] = await Promise.all([
    recentDeploysOf(ctx, service, environment, 15),
    readLiveState(ctx, { service, environment, location: target.location, strategy: target.rollout.strategy }).catch(
      (error: unknown) => {
        ctx.log.warn({ err: error, alert: alert.id }, 'could not read what serves for the alert card');
        return undefined;
      },
    ),
  ]);
  const shown = deploys.filter(reachedTraffic).slice(0, ctx.config.alerts.recentDeploys);
  return {
    deploys: shown.map((deploy) => ({ deploy, moves: trafficMoves(deploy) })),
    ...(live ? { live } : {}),
    ...(incident ? { incident } : {}),
  };
}
