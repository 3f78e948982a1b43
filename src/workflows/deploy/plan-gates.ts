import { Refused } from '../../domain/refusals.js';
import type { LockGate } from './plan-checks.js';

/** What stands between a requester and a deploy: another's lock, a freeze window. */
export interface GateResult extends LockGate {
  freeze?: { name: string; endsAt: Date };
}

/** A deploy that is not forced stops at a freeze window or another's lock, naming it and when it ends. */
export function refuseOnGates(gate: GateResult, timeZone: string): void {
  const { freeze, lock } = gate;
  if (freeze) throw new Refused({ kind: 'frozen', name: freeze.name, endsAt: freeze.endsAt.toISOString(), timeZone });
  if (lock) throw new Refused({ kind: 'locked', ...lock, timeZone });
}
