import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';

/** Break-glass users (deploy.breakGlass) may skip approvals, locks and freezes, and unlock others' locks. */
export const isBreakGlass = (ctx: WorkflowContext, user: string): boolean =>
  ctx.config.deploy.breakGlass.includes(user);

/** `--force "reason"` is break-glass: the refusal for anyone else, undefined when it may go ahead (or is not forced). */
export function forceRefusal(ctx: WorkflowContext, actor: string, force: string | undefined): Refusal | undefined {
  if (force === undefined || isBreakGlass(ctx, actor)) return undefined;
  return new Refusal('Only the break-glass users listed in deploy.breakGlass may use --force.');
}
