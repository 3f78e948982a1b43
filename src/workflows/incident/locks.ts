import { LOCKING_SEVERITIES, lockHolder, type Incident } from '../../domain/incident.js';
import { LOCKS, lockId, type DeployLock } from '../../domain/lock.js';
import type { WorkflowContext } from '../context.js';

export interface LockChanges {
  locked: string[];
  released: string[];
}

/** Whether the incident should hold prod deploy locks now: open, P0/P1, and config does not turn it off. */
export const wantsLocks = (ctx: WorkflowContext, incident: Incident): boolean =>
  incident.open && ctx.config.incidents.lockProdDeploys && LOCKING_SEVERITIES.has(incident.severity);

/**
 * Makes the lock records match what the incident wants: one per affected service in prod while it is a
 * P0/P1, none otherwise. Idempotent (create-if-absent, delete by version), so a retry or a second
 * instance changes nothing. Returns the lock IDs held now and what changed.
 */
export async function syncLocks(
  ctx: WorkflowContext,
  incident: Incident,
): Promise<{ held: string[]; changes: LockChanges }> {
  const wanted = wantsLocks(ctx, incident)
    ? incident.services.filter((s) => ctx.config.services[s]?.environments.prod)
    : [];
  const changes: LockChanges = { locked: [], released: [] };
  const held: string[] = [];
  for (const service of wanted) {
    const id = lockId(service, 'prod', incident.id);
    const lock: DeployLock = {
      service,
      environment: 'prod',
      holder: lockHolder(incident.id),
      reason: `${incident.severity} incident: ${incident.title}${incident.channelName ? ` (#${incident.channelName})` : ''}`,
      createdAt: ctx.clock.now().toISOString(),
      expiresAt: null,
    };
    if (await ctx.store.create(LOCKS, id, lock)) changes.locked.push(service);
    held.push(id);
  }
  // Also every lock this incident could hold, so a lock created just before a crash is never left behind.
  const candidates = new Set([...incident.locks, ...incident.services.map((s) => lockId(s, 'prod', incident.id))]);
  for (const id of [...candidates].filter((l) => !held.includes(l))) {
    const record = await ctx.store.get(LOCKS, id);
    if (record && record.data.holder === lockHolder(incident.id) && (await ctx.store.delete(LOCKS, id, record.version)))
      changes.released.push(record.data.service);
  }
  return { held, changes };
}
