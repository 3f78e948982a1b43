import { servedAs, stopOf } from '../../domain/deployment.js';
import { Refused, type StaleButton } from '../../domain/refusals.js';
import type { WorkflowContext } from '../context.js';
import { readLiveState } from './serving.js';
import { resolveTarget } from './target.js';

/** What an incident card's Roll back button says it does: roll this deploy back, from this revision to that one. */
export interface CardRollback {
  service: string;
  environment: string;
  deploymentId: string;
  /** Absent on cards posted before the button named them: then the deploy's own revision and rollback target. */
  from?: string;
  to?: string;
}

/**
 * A click is honoured only while the card still tells the truth: the deploy serves now (by the records, and
 * Cloud Run's most traffic), and the button's revisions are the deploy's and the one it replaced. Otherwise
 * the refusal says what serves now. Returns the move to make.
 */
export async function checkCardRollback(
  ctx: WorkflowContext,
  button: CardRollback,
): Promise<{ from: string; to: string }> {
  const target = resolveTarget(ctx.config, button.service, button.environment);
  const state = await readLiveState(ctx, {
    service: target.service,
    environment: target.environment,
    location: target.location,
    strategy: target.rollout.strategy,
  });
  const live = state.live;
  const stale = (why: StaleButton) =>
    new Refused({
      kind: 'stale-card',
      service: target.service,
      environment: target.environment,
      why,
      ...(state.traffic ? { traffic: state.traffic } : {}),
      ...(live ? { live: { id: live.id, sha: live.sha } } : {}),
    });
  if (live?.id !== button.deploymentId) {
    const stopped = button.deploymentId === state.last?.id ? stopOf(state.last) : undefined;
    throw stale({
      kind: 'not-serving',
      deploymentId: button.deploymentId,
      ...(stopped ? { stopped: { how: stopped.how, by: stopped.by } } : {}),
    });
  }
  const from = servedAs(live);
  if (live.status !== 'succeeded' || !from || !live.rollbackTarget)
    throw stale({ kind: 'not-finished', deploymentId: live.id, running: live.status === 'running' });
  if (button.from !== undefined && button.from !== from)
    throw stale({ kind: 'other-from', deploymentId: live.id, button: button.from, made: from });
  if (button.to !== undefined && button.to !== live.rollbackTarget)
    throw stale({ kind: 'other-to', deploymentId: live.id, button: button.to, replaced: live.rollbackTarget });
  const top = state.traffic?.[0];
  if (state.traffic && top?.revision !== from) throw stale({ kind: 'traffic-moved', revision: from });
  return { from, to: live.rollbackTarget };
}
