import { activeFreeze } from '../domain/freeze.js';
import { LOCKS, lockId, type DeployLock } from '../domain/lock.js';
import type { WorkflowContext } from './context.js';

export interface Gates {
  /** A live lock held by someone other than the actor; an incident's lock blocks everyone. */
  lock?: { holder: string; reason: string; expiresAt: string | null };
  /** The freeze window in force, and when deploys are allowed again. */
  freeze?: { name: string; endsAt: Date };
}

/** A lock counts until its expiry, even before the expiry job has deleted it. */
export const isLive = (lock: DeployLock, now: Date): boolean =>
  lock.expiresAt === null || Date.parse(lock.expiresAt) > now.getTime();

export const isIncidentLock = (lock: DeployLock): boolean => lock.holder.startsWith('incident:');

/** What stands between `actor` and a deploy of service/environment at `now`. Break-glass is the caller's decision. */
export async function checkGates(
  ctx: WorkflowContext,
  service: string,
  environment: string,
  actor: string,
  now: Date,
): Promise<Gates> {
  const locks = await ctx.store.list(LOCKS, { where: { service, environment } });
  const blocking = locks
    .map((r) => r.data)
    .filter((lock) => isLive(lock, now) && (isIncidentLock(lock) || lock.holder !== actor))
    .sort((a, b) => Number(isIncidentLock(b)) - Number(isIncidentLock(a)))[0];
  const ownFreezes = ctx.config.services[service]?.environments[environment]?.freezes ?? [];
  const freeze = activeFreeze([...ctx.config.deploy.freezes, ...ownFreezes], now, ctx.config.timezone);
  const gates: Gates = {};
  if (blocking) gates.lock = { holder: blocking.holder, reason: blocking.reason, expiresAt: blocking.expiresAt };
  if (freeze) gates.freeze = freeze;
  return gates;
}

/** The actor's own live user lock on service/environment: it does not stop them, and the plan says they hold it. */
export async function ownLock(
  ctx: WorkflowContext,
  service: string,
  environment: string,
  actor: string,
  now: Date,
): Promise<{ reason: string; expiresAt: string | null } | undefined> {
  const own = (await ctx.store.get(LOCKS, lockId(service, environment)))?.data;
  return own && own.holder === actor && isLive(own, now) ? { reason: own.reason, expiresAt: own.expiresAt } : undefined;
}
