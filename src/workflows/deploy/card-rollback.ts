import { servedAs, stopOf, type Deployment } from '../../domain/deployment.js';
import type { LiveState } from '../../domain/live.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
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
  const stale = (why: string) =>
    new Refusal(
      `This card is out of date: ${why}. Serving now: ${servingNow(state)}. Nothing was changed; \`/ops status ${target.service}\` shows the service.`,
    );
  if (live?.id !== button.deploymentId) {
    const stopped = button.deploymentId === state.last?.id ? stopOf(state.last) : undefined;
    throw stale(
      `deploy ${button.deploymentId} no longer serves ${target.service} ${target.environment}${stopped ? ` (${stopped.how === 'superseded' ? 'a later deploy superseded it' : `rolled back by ${stopped.by === 'system' ? 'the bot' : `<@${stopped.by}>`}`})` : ''}`,
    );
  }
  const from = servedAs(live);
  if (live.status !== 'succeeded' || !from || !live.rollbackTarget)
    throw stale(
      `deploy ${live.id} ${live.status === 'running' ? 'is still rolling out' : 'has no revision it replaced'}`,
    );
  if (button.from !== undefined && button.from !== from)
    throw stale(`the button rolls back \`${button.from}\`, but deploy ${live.id} made \`${from}\``);
  if (button.to !== undefined && button.to !== live.rollbackTarget)
    throw stale(`the button returns to \`${button.to}\`, but deploy ${live.id} replaced \`${live.rollbackTarget}\``);
  const top = state.traffic?.[0];
  if (state.traffic && top?.revision !== from) throw stale(`Cloud Run no longer serves \`${from}\` most`);
  return { from, to: live.rollbackTarget };
}

function servingNow(state: LiveState): string {
  const traffic = state.traffic?.map((t) => `${t.percent}% \`${t.revision}\``).join(', ');
  const live: Deployment | undefined = state.live;
  const records = live ? `deploy ${live.id} of \`${live.sha.slice(0, 7)}\`` : 'no deploy of the bot';
  return traffic ? `${traffic} (by the bot's records: ${records})` : records;
}
