import { LOCKS, lockId, type DeployLock } from '../domain/lock.js';
import type { Versioned } from '../ports/store.js';
import type { WorkflowContext } from './context.js';
import { isIncidentLock, isLive } from './deploy-gates.js';
import type { PeriodicJob } from './jobs.js';
import { isBreakGlass } from './approval/break-glass.js';

/** `/deploy lock` without `--for` holds for an hour; a lock may last a day at most (incidents have their own lock). */
export const DEFAULT_LOCK_MS = 60 * 60_000;
export const MAX_LOCK_MS = 24 * 60 * 60_000;
export const MIN_LOCK_MS = 60_000;

export type LockResult =
  /** A new lock (an expired one left in the store is replaced). */
  | { kind: 'locked'; lock: DeployLock }
  /** The holder locked again: the expiry moves to now + duration, and the reminder is due again. */
  | { kind: 'extended'; lock: DeployLock }
  /** Someone else holds a live lock; nothing changed. */
  | { kind: 'held'; lock: DeployLock };

export type UnlockResult =
  | { kind: 'unlocked'; lock: DeployLock; breakGlass: boolean }
  | { kind: 'refused'; lock: DeployLock }
  | { kind: 'not_locked' };

const target = (service: string, environment: string): string => `service:${service}/${environment}`;
const CONTENTION_ATTEMPTS = 20;

/** Takes or extends the user lock on service/environment. Concurrent lockers serialise on create / compare-and-set. */
export async function lockDeploys(
  ctx: WorkflowContext,
  input: { service: string; environment: string; actor: string; durationMs: number; reason: string },
): Promise<LockResult> {
  const { service, environment, actor, durationMs, reason } = input;
  const id = lockId(service, environment);
  for (let attempt = 0; attempt < CONTENTION_ATTEMPTS; attempt += 1) {
    const now = ctx.clock.now();
    const fresh = freshLock(
      ctx,
      {
        service,
        environment,
        holder: actor,
        reason,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + durationMs).toISOString(),
      },
      durationMs,
      now,
    );
    const current = await ctx.store.get(LOCKS, id);
    if (!current) {
      if (!(await ctx.store.create(LOCKS, id, fresh))) continue;
      await audit(ctx, actor, 'deploy.lock', fresh, { durationMinutes: durationMs / 60_000 });
      return { kind: 'locked', lock: fresh };
    }
    const held = current.data;
    if (isLive(held, now) && held.holder !== actor) {
      await audit(ctx, actor, 'deploy.lock.refused', held, {});
      return { kind: 'held', lock: held };
    }
    const extending = isLive(held, now);
    const next = extending ? { ...fresh, createdAt: held.createdAt, reason: reason || held.reason } : fresh;
    if (!(await ctx.store.compareAndSet(LOCKS, id, current.version, next))) continue;
    if (!extending) await audit(ctx, 'system', 'deploy.lock.expire', held, { replacedBy: actor });
    await audit(ctx, actor, extending ? 'deploy.lock.extend' : 'deploy.lock', next, {
      durationMinutes: durationMs / 60_000,
    });
    return { kind: extending ? 'extended' : 'locked', lock: next };
  }
  throw new Error(`${LOCKS}/${id}: too much contention, gave up after ${CONTENTION_ATTEMPTS} attempts`);
}

/** A lock no longer than the reminder lead gets no reminder: its holder chose that time a moment ago. */
function freshLock(ctx: WorkflowContext, lock: DeployLock, durationMs: number, now: Date): DeployLock {
  const leadMs = ctx.config.deploy.lockReminderMinutes * 60_000;
  return durationMs <= leadMs ? { ...lock, remindedAt: now.toISOString() } : lock;
}

/** Releases the user lock: its holder may, and so may break-glass users; anyone else is refused. Incident locks stay. */
export async function unlockDeploys(
  ctx: WorkflowContext,
  input: { service: string; environment: string; actor: string },
): Promise<UnlockResult> {
  const { service, environment, actor } = input;
  const id = lockId(service, environment);
  for (let attempt = 0; attempt < CONTENTION_ATTEMPTS; attempt += 1) {
    const current = await ctx.store.get(LOCKS, id);
    if (!current || !isLive(current.data, ctx.clock.now())) return { kind: 'not_locked' };
    const lock = current.data;
    const breakGlass = lock.holder !== actor;
    if (breakGlass && !isBreakGlass(ctx, actor)) {
      await audit(ctx, actor, 'deploy.unlock.refused', lock, {});
      return { kind: 'refused', lock };
    }
    if (!(await ctx.store.delete(LOCKS, id, current.version))) continue;
    await audit(ctx, actor, breakGlass ? 'deploy.unlock.break-glass' : 'deploy.unlock', lock, {});
    return { kind: 'unlocked', lock, breakGlass };
  }
  throw new Error(`${LOCKS}/${id}: too much contention, gave up after ${CONTENTION_ATTEMPTS} attempts`);
}

/** Every lock still in force at `now`, incident locks included, soonest expiry first. */
export async function liveLocks(ctx: WorkflowContext, now: Date): Promise<DeployLock[]> {
  const locks = (await ctx.store.list(LOCKS)).map((r) => r.data).filter((lock) => isLive(lock, now));
  const expiry = (lock: DeployLock): number => (lock.expiresAt === null ? Infinity : Date.parse(lock.expiresAt));
  return locks.sort((a, b) => expiry(a) - expiry(b));
}

/** Job: deletes expired locks. The delete is conditional on the version, so one instance wins and audits. */
export async function expireLocks(ctx: WorkflowContext, now: Date): Promise<number> {
  let expired = 0;
  for (const record of await timedLocks(ctx)) {
    if (isLive(record.data, now) || !(await ctx.store.delete(LOCKS, record.id, record.version))) continue;
    expired += 1;
    await audit(ctx, 'system', 'deploy.lock.expire', record.data, {});
    ctx.events.emit('lock.expired', {
      service: record.data.service,
      environment: record.data.environment,
      holder: record.data.holder,
      reason: record.data.reason,
    });
  }
  return expired;
}

/** Job: reminds each holder once, `lockReminderMinutes` before expiry. The claim is a compare-and-set of `remindedAt`. */
export async function remindLockHolders(ctx: WorkflowContext, now: Date): Promise<number> {
  const leadMs = ctx.config.deploy.lockReminderMinutes * 60_000;
  let reminded = 0;
  for (const record of await timedLocks(ctx)) {
    const lock = record.data;
    const expiresAt = Date.parse(lock.expiresAt!);
    if (lock.remindedAt || now.getTime() < expiresAt - leadMs || !isLive(lock, now)) continue;
    if (
      !(await ctx.store.compareAndSet(LOCKS, record.id, record.version, {
        ...lock,
        remindedAt: now.toISOString(),
      }))
    )
      continue;
    reminded += 1;
    await audit(ctx, 'system', 'deploy.lock.remind', lock, {});
    ctx.events.emit('lock.expiring', {
      service: lock.service,
      environment: lock.environment,
      holder: lock.holder,
      reason: lock.reason,
      expiresAt: lock.expiresAt!,
      remindedAt: now.toISOString(),
    });
  }
  return reminded;
}

/** The two jobs, which `/deploy`'s feature registers. */
export function lockJobs(ctx: WorkflowContext): PeriodicJob[] {
  return [
    { name: 'deploy-locks.remind', run: async (now) => void (await remindLockHolders(ctx, now)) },
    { name: 'deploy-locks.expire', run: async (now) => void (await expireLocks(ctx, now)) },
  ];
}

/** User locks with an expiry (incident locks last until the incident releases them). */
async function timedLocks(ctx: WorkflowContext): Promise<Versioned<DeployLock>[]> {
  return (await ctx.store.list(LOCKS)).filter((r) => r.data.expiresAt !== null && !isIncidentLock(r.data));
}

async function audit(
  ctx: WorkflowContext,
  actor: string,
  action: string,
  lock: DeployLock,
  details: Record<string, unknown>,
): Promise<void> {
  await ctx.store.appendAudit({
    actor,
    action,
    target: target(lock.service, lock.environment),
    details: { holder: lock.holder, reason: lock.reason, expiresAt: lock.expiresAt, ...details },
  });
}
