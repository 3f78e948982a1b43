import type { WorkflowContext } from '../context.js';
import { Refusal } from '../records.js';
import type { LockGate } from './plan-checks.js';

/** What stands between a requester and a deploy: another's lock, a freeze window. */
export interface GateResult extends LockGate {
  freeze?: { name: string; endsAt: Date };
}
export type GateChecker = (
  ctx: WorkflowContext,
  service: string,
  environment: string,
  actor: string,
  now: Date,
) => Promise<GateResult>;

/** A deploy that is not forced stops at a freeze window or another's lock, naming it and when it ends. */
export function refuseOnGates(gate: GateResult, timeZone: string): void {
  const at = (date: Date): string =>
    `${new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(date)} ${timeZone}`;
  if (gate.freeze)
    throw new Refusal(
      `Deploys are frozen: "${gate.freeze.name}" until ${at(gate.freeze.endsAt)}. Break-glass users may use --force "reason".`,
    );
  if (gate.lock)
    throw new Refusal(
      `Locked by ${gate.lock.holder.startsWith('incident:') ? `incident ${gate.lock.holder.slice(9)}` : `<@${gate.lock.holder}>`}: ${gate.lock.reason}${gate.lock.expiresAt ? ` (until ${at(new Date(gate.lock.expiresAt))})` : ''}. Ask the holder, or use --force "reason" (break-glass).`,
    );
}
