import { EventEmitter } from 'node:events';
import type { CanaryProgress } from '../domain/canary.js';
import type { DeployProgress } from '../domain/deploy-progress.js';
import type { Logger } from '../logging/logger.js';

/**
 * Domain events, in process. Workflows emit them; the Slack surface (commands/ presenters) and other
 * workflows subscribe. Handlers run after the emitter's state is persisted; a failing handler is logged
 * and never breaks the workflow that emitted.
 */
export interface DomainEvents {
  'deploy.updated': { deploymentId: string };
  /** A step finished or failed, the rollout paused or resumed: a reply in the plan's thread. */
  'deploy.progress': { deploymentId: string; progress: DeployProgress };
  /** The canary analysis: Monitoring links, a step's verdict, an extended bake, metrics unavailable. */
  'deploy.canary': { deploymentId: string; progress: CanaryProgress };
  'deploy.finished': {
    deploymentId: string;
    service: string;
    environment: string;
    outcome: 'succeeded' | 'failed' | 'rolled_back';
  };
  /** A rollback request (approval needed) changed: its card is re-rendered; a finished one reports in the thread. */
  'rollback.updated': { requestId: string };
  'rollback.finished': { service: string; environment: string; revision: string; actor: string; ok: boolean };
  'incident.updated': { incidentId: string };
  /** A user's deploy lock expires in `deploy.lockReminderMinutes`: remind its holder (once). */
  'lock.expiring': {
    service: string;
    environment: string;
    holder: string;
    reason: string;
    expiresAt: string;
    remindedAt: string;
  };
  /** A user's deploy lock ran out and was removed. */
  'lock.expired': { service: string; environment: string; holder: string; reason: string };
  /** GitHub says a workflow run changed (its webhook): a deploy following the run looks now, not at its next poll. */
  'workflow-run.updated': { runId: number };
  /** A restore drill or a restore request changed: its report or card is re-rendered. */
  'backup.drill.updated': { drillId: string };
  'backup.restore.updated': { requestId: string };
}

export type EventName = keyof DomainEvents;

export class EventBus {
  private readonly emitter = new EventEmitter();
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {
    this.emitter.setMaxListeners(50);
  }

  on<E extends EventName>(event: E, handler: (payload: DomainEvents[E]) => Promise<void> | void): void {
    this.emitter.on(event, (payload: DomainEvents[E]) => {
      const run: Promise<void> = Promise.resolve()
        .then(() => handler(payload))
        .catch((error: unknown) => this.log.error({ err: error, event }, 'event handler failed'))
        .finally(() => this.pending.delete(run));
      this.pending.add(run);
    });
  }

  /**
   * Resolves true once every handler started so far has finished (those they start too), false after
   * `timeoutMs`: a shutdown lets the last messages about work in flight go out before the store closes.
   */
  async settle(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const settled = (async () => {
      while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
      return true as const;
    })();
    const result = await Promise.race([settled, timeout]);
    clearTimeout(timer);
    return result;
  }

  emit<E extends EventName>(event: E, payload: DomainEvents[E]): void {
    this.emitter.emit(event, payload);
  }
}
