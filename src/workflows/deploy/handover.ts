import { DEPLOYMENTS } from '../../domain/deployment.js';
import type { WorkflowContext } from '../context.js';
import { update } from '../records.js';

/**
 * The rollouts this instance drives. A graceful shutdown hands them over: each stops before it acts again
 * (a call already made finishes and is recorded; the shutdown never marks a step failed), and its lease is
 * released, so the restarted bot or another instance resumes it at once instead of when the lease runs out.
 */
export interface Drivers {
  /** Deploy ID (or `rollback:<request ID>`, an approved rollback executing) → the work in progress; one per record in this process. */
  readonly running: Map<string, Promise<void>>;
  readonly stop: AbortController;
  /** Resolves when the shutdown begins. */
  readonly stopped: Promise<void>;
}

const byContext = new WeakMap<WorkflowContext, Drivers>();

export function driversOf(ctx: WorkflowContext): Drivers {
  let drivers = byContext.get(ctx);
  if (!drivers) {
    const stop = new AbortController();
    const stopped = new Promise<void>((resolve) =>
      stop.signal.addEventListener('abort', () => resolve(), { once: true }),
    );
    drivers = { running: new Map(), stop, stopped };
    byContext.set(ctx, drivers);
  }
  return drivers;
}

export const isStopping = (ctx: WorkflowContext): boolean => driversOf(ctx).stop.signal.aborted;

/**
 * Called by the shutdown: no rollout starts any more, those running stop at their next safe point and release
 * their lease. Waits for them up to `graceMs`; one still inside a call then keeps its lease (the call may still
 * land), which runs out as after a crash. Resolves true when every rollout was handed over.
 */
export async function handOverRollouts(ctx: WorkflowContext, graceMs: number): Promise<boolean> {
  const drivers = driversOf(ctx);
  drivers.stop.abort();
  if (drivers.running.size === 0) return true;
  let timer: NodeJS.Timeout | undefined;
  const done = await Promise.race([
    Promise.allSettled(drivers.running.values()).then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), graceMs))),
  ]);
  clearTimeout(timer);
  if (!done)
    ctx.log.warn(
      { deployments: [...drivers.running.keys()] },
      'shutting down while a rollout is inside a call: it keeps its lease, and is resumed when the lease runs out',
    );
  return done;
}

/** Gives up this instance's lease on the deploy, so whoever looks next takes it over at once. */
export async function releaseLease(ctx: WorkflowContext, id: string): Promise<void> {
  await update(ctx.store, DEPLOYMENTS, id, (d) => {
    if (d.lease?.owner === ctx.instanceId) delete d.lease;
    return d;
  });
}
