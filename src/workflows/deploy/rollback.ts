import type { CardStop, StopCause } from '../../domain/deployment.js';
import type { RollbackResult } from '../../domain/rollback.js';
import type { AuditEventInput } from '../../ports/store.js';
import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import { applyRollback } from './rollback-apply.js';
import { migrationsSince } from './migrations.js';
import { deployThatMade, planRollback, type Resumed } from './rollback-plan.js';
import { recordRollback } from './serving.js';
import { resolveTarget, type DeployTarget } from './target.js';

/** One command, seconds: all traffic back to the previous (or the named) revision; verified. No approval configured only. */
export async function rollback(
  ctx: WorkflowContext,
  input: { service: string; environment: string; to?: string; actor: string; reason?: string } & Pick<
    PerformOptions,
    'via' | 'expectFrom'
  >,
): Promise<RollbackResult> {
  const target = resolveTarget(ctx.config, input.service, input.environment);
  if (target.env.rollback.requiresApproval) {
    throw new Refusal(
      `Rollbacks of ${input.service} ${input.environment} need approval: /rollback posts a request in the environment's channel.`,
    );
  }
  const options = {
    ...(input.via ? { via: input.via } : {}),
    ...(input.expectFrom ? { expectFrom: input.expectFrom } : {}),
  };
  const done = await performRollback(
    ctx,
    target,
    input.to,
    input.actor,
    input.reason ? { reason: input.reason } : {},
    options,
  );
  // The traffic has moved: a failed read here only loses the warning, never the rollback.
  const made = await deployThatMade(ctx, target, done.to).catch(() => undefined);
  const migrations = await migrationsSince(ctx, target, made).catch(() => []);
  return migrations.length ? { ...done, migrations } : done;
}

/** How an approved request's execution runs the move (see rollback-execute.ts). */
export interface PerformOptions {
  resumed?: Resumed;
  /** Writes the `rollback` audit entry unless it was written already; true when this call wrote it. Default: append. */
  audit?: (entry: AuditEventInput) => Promise<boolean>;
  /** Where it was asked for, as the rolled-back deploy records it. Default: /rollback. */
  via?: Extract<StopCause, 'rollback' | CardStop>;
  /** Refuse unless this revision serves most traffic when the move is planned (a card's button names what it rolls back). */
  expectFrom?: string;
}

/** Plans and applies a rollback, audits it once and tells the incident feature. Throws when nothing moved (or a refusal). */
export async function performRollback(
  ctx: WorkflowContext,
  target: DeployTarget,
  to: string | undefined,
  actor: string,
  details: Record<string, unknown>,
  options: PerformOptions = {},
): Promise<RollbackResult> {
  const started = performance.now();
  const plan = await planRollback(ctx, target, to, options.resumed, options.expectFrom);
  const result = await applyRollback(ctx, target, plan);
  const done = { ...result, ms: Math.round(performance.now() - started) };
  const reason = typeof details.reason === 'string' ? details.reason : undefined;
  const requestId = typeof details.requestId === 'string' ? details.requestId : undefined;
  // Traffic moved: the record says so before anyone is told, so every surface shows the deploy rolled back.
  await recordRollback(ctx, target, done.to, {
    how: options.via ?? 'rollback',
    by: actor,
    ...(reason ? { reason } : {}),
    ...(requestId ? { requestId } : {}),
  }).catch((error: unknown) =>
    ctx.log.error(
      { err: error, service: target.service, environment: target.environment },
      'could not record the rollback on the deploy records',
    ),
  );
  const entry: AuditEventInput = {
    actor,
    action: 'rollback',
    target: `service:${target.service}/${target.environment}`,
    details: { ...done, ...details },
  };
  const audited = options.audit ? await options.audit(entry) : (await ctx.store.appendAudit(entry), true);
  if (audited)
    ctx.events.emit('rollback.finished', {
      service: target.service,
      environment: target.environment,
      revision: done.to,
      actor,
      ok: true,
    });
  return done;
}
