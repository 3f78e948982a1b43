import { isPortError } from '../../domain/errors.js';
import { ROLLBACK_REQUESTS, type RollbackRequest } from '../../domain/rollback.js';
import type { AuditEventInput } from '../../ports/store.js';
import type { WorkflowContext } from '../context.js';
import { claimLease, HandedOver, isLeased, type LeaseHolder, LeaseLost, type LeaseTerms } from '../lease.js';
import { Refusal } from '../records.js';
import { performRollback } from './rollback.js';
import { resolveTarget } from './target.js';

/** An approved rollback's lease: `deploy.leaseSeconds`, as a rollout's, renewed while it works. */
export const rollbackLease = (ctx: WorkflowContext): LeaseTerms<RollbackRequest> => ({
  collection: ROLLBACK_REQUESTS,
  noun: 'rollback request',
  ms: ctx.config.deploy.leaseSeconds * 1000,
});

type Held = LeaseHolder<RollbackRequest>;

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
  // While shutting down a takeover does not start; a completing approval still claims, and hands over at once (releasing its lease).
  if (ctx.drivers.stopping && options.resumed) return Promise.resolve(null);
  return ctx.drivers.drive(`rollback:${id}`, () => execute(ctx, id, options)) ?? Promise.resolve(null);
}

async function execute(ctx: WorkflowContext, id: string, options: ExecuteOptions): Promise<RollbackRequest | null> {
  const held = await claimLease<RollbackRequest>(ctx, rollbackLease(ctx), id, {
    take: (r, ours) => {
      if (r.status !== 'running') return false;
      if (options.resumed && !ours) r.resumes = (r.resumes ?? 0) + 1;
      return true;
    },
  }).catch((error: unknown) => {
    ctx.log.error({ err: error, requestId: id }, 'could not claim the rollback request');
    return null;
  });
  if (!held) return null;
  try {
    return await held.renewing(() => run(ctx, held, options));
  } catch (error) {
    if (error instanceof LeaseLost) ctx.log.warn({ requestId: id }, error.message);
    else
      ctx.log.error(
        { err: error, requestId: id },
        'could not record the outcome of an approved rollback; it is resumed when its lease runs out',
      );
    return null;
  }
}

/** Under the lease: says it resumed (when it did), moves, and records the outcome, releasing the lease. */
async function run(ctx: WorkflowContext, held: Held, options: ExecuteOptions): Promise<RollbackRequest | null> {
  const id = held.id;
  const claimed = held.record;
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
  const outcome = await move(ctx, held);
  if (!outcome) return null;
  const finishedAt = ctx.clock.now().toISOString();
  const written = await held.complete((r) => void Object.assign(r, outcome, { finishedAt }));
  if (outcome.status === 'failed')
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'rollback.failed',
      target: `rollback:${id}`,
      details: { error: outcome.error },
    });
  ctx.events.emit('rollback.updated', { requestId: id });
  return written;
}

/** The move itself; the outcome to record, or null when this instance is shutting down and handed it over. */
async function move(
  ctx: WorkflowContext,
  held: Held,
): Promise<Pick<RollbackRequest, 'status' | 'result' | 'error'> | null> {
  const r = held.record;
  const earlier = r.moveStartedAt;
  try {
    held.checkpoint();
    const target = resolveTarget(ctx.config, r.service, r.environment);
    if (earlier && r.strategy === 'github-actions') {
      throw new Refusal(
        `the bot stopped after it began to dispatch ${target.rollout.workflow ?? 'the deploy workflow'} with ${r.to}, and a dispatch is never repeated blindly: check GitHub Actions for that run before requesting it again`,
      );
    }
    if (!earlier) await held.save((x) => void (x.moveStartedAt = ctx.clock.now().toISOString()));
    const details = {
      requestId: r.id,
      approvedBy: r.approvals.map((a) => a.user),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.resumes ? { resumed: r.resumes } : {}),
    };
    const result = await performRollback(ctx, target, r.to, r.requestedBy, details, {
      ...(earlier ? { resumed: { ...(r.from ? { from: r.from } : {}) } } : {}),
      ...(r.via ? { via: r.via } : {}),
      audit: (entry) => auditOnce(ctx, held, entry),
    });
    return { status: 'succeeded', result };
  } catch (error) {
    if (error instanceof LeaseLost && !(error instanceof HandedOver)) throw error;
    if (held.stopping && !(error instanceof Refusal)) {
      // The shutdown may be the cause: nothing is recorded as failed, and whoever resumes runs the move again.
      await held.release().catch(() => undefined);
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

/**
 * The `rollback` audit entry, exactly once per request: the record says when it was written; an entry written
 * by an instance that stopped before it could say so is found in the log.
 */
async function auditOnce(ctx: WorkflowContext, held: Held, entry: AuditEventInput): Promise<boolean> {
  const id = held.id;
  const current = (await ctx.store.get<RollbackRequest>(ROLLBACK_REQUESTS, id))?.data;
  if (current?.audited) return false;
  const logged = (await ctx.store.queryAudit({ target: entry.target, limit: 500 })).some(
    (e) => e.action === 'rollback' && e.details.requestId === id,
  );
  if (!logged) await ctx.store.appendAudit(entry);
  await held.save((r) => void (r.audited = true));
  return !logged;
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
    if (isLeased(record.data, now)) continue;
    void resume(record.id).catch((error: unknown) =>
      ctx.log.error({ err: error, requestId: record.id }, 'could not resume the rollback request'),
    );
  }
}
