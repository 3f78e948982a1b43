import { isPortError } from '../../domain/errors.js';
import { ROLLBACK_REQUESTS, type RollbackRequest } from '../../domain/rollback.js';
import type { AuditEventInput } from '../../ports/store.js';
import type { WorkflowContext } from '../context.js';
import { Refusal, update } from '../records.js';
import { driversOf, isStopping } from './handover.js';
import { performRollback } from './rollback.js';
import { LeaseLost, leaseMs } from './runner.js';
import { resolveTarget } from './target.js';

export interface ExecuteOptions {
  /** Taken over from an instance that stopped (the `rollback.resume` job). */
  resumed?: boolean;
  /** Called once this instance holds the lease of a resumed request, before it acts: the thread says so. */
  announce?: (request: RollbackRequest) => Promise<void>;
}

/**
 * Runs an approved rollback (status `running`): the same verified traffic move (or dispatch) as an unapproved
 * one, to the revision the card showed. The instance holds a lease on the record, claimed by compare-and-set and
 * renewed while it works; if it stops, `resumeRollbackRequests` takes the request over when the lease runs out.
 * Returns the finished request, or null when another instance holds it, it is not running, or this instance is
 * shutting down (the lease is then released, so the next instance resumes it at once). Never throws.
 */
export function executeRollback(
  ctx: WorkflowContext,
  id: string,
  options: ExecuteOptions = {},
): Promise<RollbackRequest | null> {
  const drivers = driversOf(ctx);
  const key = `rollback:${id}`;
  // While shutting down a takeover does not start; a completing approval still claims, and hands over at once (releasing its lease).
  if ((isStopping(ctx) && options.resumed) || drivers.running.has(key)) return Promise.resolve(null);
  const work = execute(ctx, id, options).finally(() => drivers.running.delete(key));
  drivers.running.set(
    key,
    work.then(() => undefined),
  );
  return work;
}

async function execute(ctx: WorkflowContext, id: string, options: ExecuteOptions): Promise<RollbackRequest | null> {
  const claimed = await claim(ctx, id, options.resumed ?? false).catch((error: unknown) => {
    ctx.log.error({ err: error, requestId: id }, 'could not claim the rollback request');
    return null;
  });
  if (!claimed) return null;
  const renewal = setInterval(
    () => void save(ctx, id, () => undefined).catch(() => undefined),
    Math.max(1000, Math.floor(leaseMs(ctx) / 3)),
  ).unref();
  try {
    if (options.resumed) {
      ctx.log.info(
        { requestId: id, moveStartedAt: claimed.moveStartedAt ?? null },
        'resuming an approved rollback whose instance stopped',
      );
      await options
        .announce?.(claimed)
        .catch((error: unknown) =>
          ctx.log.warn({ err: error, requestId: id }, 'could not announce the resumed rollback'),
        );
    }
    const outcome = await move(ctx, claimed);
    if (!outcome) return null;
    const finishedAt = ctx.clock.now().toISOString();
    const written = await save(ctx, id, (r) => {
      Object.assign(r, outcome, { finishedAt });
      delete r.lease;
    });
    if (outcome.status === 'failed')
      await ctx.store.appendAudit({
        actor: 'system',
        action: 'rollback.failed',
        target: `rollback:${id}`,
        details: { error: outcome.error },
      });
    ctx.events.emit('rollback.updated', { requestId: id });
    return written;
  } catch (error) {
    if (error instanceof LeaseLost) ctx.log.warn({ requestId: id }, error.message);
    else
      ctx.log.error(
        { err: error, requestId: id },
        'could not record the outcome of an approved rollback; it is resumed when its lease runs out',
      );
    return null;
  } finally {
    clearInterval(renewal);
  }
}

/** The move itself; the outcome to record, or null when this instance is shutting down and handed it over. */
async function move(
  ctx: WorkflowContext,
  r: RollbackRequest,
): Promise<Pick<RollbackRequest, 'status' | 'result' | 'error'> | null> {
  const earlier = r.moveStartedAt;
  try {
    if (isStopping(ctx)) throw new HandedOver();
    const target = resolveTarget(ctx.config, r.service, r.environment);
    if (earlier && r.strategy === 'github-actions') {
      throw new Refusal(
        `the bot stopped after it began to dispatch ${target.rollout.workflow ?? 'the deploy workflow'} with ${r.to}, and a dispatch is never repeated blindly: check GitHub Actions for that run before requesting it again`,
      );
    }
    if (!earlier) await save(ctx, r.id, (x) => void (x.moveStartedAt = ctx.clock.now().toISOString()));
    const details = {
      requestId: r.id,
      approvedBy: r.approvals.map((a) => a.user),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.resumes ? { resumed: r.resumes } : {}),
    };
    const result = await performRollback(ctx, target, r.to, r.requestedBy, details, {
      ...(earlier ? { resumed: { ...(r.from ? { from: r.from } : {}) } } : {}),
      ...(r.via ? { via: r.via } : {}),
      audit: (entry) => auditOnce(ctx, r.id, entry),
    });
    return { status: 'succeeded', result };
  } catch (error) {
    if (error instanceof LeaseLost && !(error instanceof HandedOver)) throw error;
    if (isStopping(ctx) && !(error instanceof Refusal)) {
      // The shutdown may be the cause: nothing is recorded as failed, and whoever resumes runs the move again.
      await save(ctx, r.id, (x) => void delete x.lease).catch(() => undefined);
      ctx.log.info({ requestId: r.id }, 'shutting down: handed the approved rollback over');
      return null;
    }
    const text =
      error instanceof Refusal
        ? error.message
        : isPortError(error)
          ? `${error.backend} failed: ${error.message}`
          : error instanceof Error
            ? error.message
            : String(error);
    if (!(error instanceof Refusal) && !isPortError(error))
      ctx.log.error({ err: error, requestId: r.id }, 'approved rollback failed unexpectedly');
    return { status: 'failed', error: text };
  }
}

class HandedOver extends LeaseLost {
  constructor() {
    super('', 'this instance is shutting down');
  }
}

/**
 * The `rollback` audit entry, exactly once per request: the record says when it was written; an entry written
 * by an instance that stopped before it could say so is found in the log.
 */
async function auditOnce(ctx: WorkflowContext, id: string, entry: AuditEventInput): Promise<boolean> {
  const current = (await ctx.store.get(ROLLBACK_REQUESTS, id))?.data;
  if (current?.audited) return false;
  const logged = (await ctx.store.queryAudit({ target: entry.target, limit: 500 })).some(
    (e) => e.action === 'rollback' && e.details.requestId === id,
  );
  if (!logged) await ctx.store.appendAudit(entry);
  await save(ctx, id, (r) => void (r.audited = true));
  return !logged;
}

/** Takes the lease: the request is running and nobody else holds a live lease (a completing approval holds it already). */
async function claim(ctx: WorkflowContext, id: string, resumed: boolean): Promise<RollbackRequest | null> {
  const now = ctx.clock.now();
  let claimed = false;
  const result = await update(ctx.store, ROLLBACK_REQUESTS, id, (r) => {
    claimed = false;
    if (r.status !== 'running') return r;
    if (r.lease && r.lease.owner !== ctx.instanceId && Date.parse(r.lease.until) > now.getTime()) return r;
    claimed = true;
    if (resumed && r.lease?.owner !== ctx.instanceId) r.resumes = (r.resumes ?? 0) + 1;
    r.lease = { owner: ctx.instanceId, until: new Date(now.getTime() + leaseMs(ctx)).toISOString() };
    return r;
  });
  return claimed && result ? result.after.data : null;
}

/** Writes a change under this instance's lease, renewing it; LeaseLost when another instance took the request over. */
async function save(ctx: WorkflowContext, id: string, change: (r: RollbackRequest) => void): Promise<RollbackRequest> {
  const now = ctx.clock.now();
  const result = await update(ctx.store, ROLLBACK_REQUESTS, id, (r) => {
    if (r.lease?.owner !== ctx.instanceId) throw new LeaseLost(id, `another instance took over rollback request ${id}`);
    r.lease = { owner: ctx.instanceId, until: new Date(now.getTime() + leaseMs(ctx)).toISOString() };
    change(r);
    return r;
  });
  if (!result) throw new LeaseLost(id, `rollback request ${id} no longer exists`);
  return result.after.data;
}

/**
 * A scheduled job (also run when the bot starts): approved requests still `running` whose lease ran out, was
 * released, or was never taken (their instance stopped between the approval and the outcome) are taken over by
 * `resume` (which calls executeRollback with `resumed`). Moving 100% to the target again is harmless and verified.
 */
export async function resumeRollbackRequests(
  ctx: WorkflowContext,
  now: Date,
  resume: (id: string) => Promise<unknown>,
): Promise<void> {
  const running = await ctx.store.list(ROLLBACK_REQUESTS, { where: { status: 'running' } });
  for (const record of running) {
    const lease = record.data.lease;
    if (lease && Date.parse(lease.until) > now.getTime()) continue;
    void resume(record.id).catch((error: unknown) =>
      ctx.log.error({ err: error, requestId: record.id }, 'could not resume the rollback request'),
    );
  }
}
