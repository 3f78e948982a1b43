import type { Finding, NotChecked, RuleChange } from '../../domain/audit.js';
import { isPortError } from '../../domain/errors.js';

/** What one check adds to the report; a check that failed adds a NotChecked and never stops the others. */
export interface CheckOutcome {
  checked: string[];
  findings: Finding[];
  notChecked: NotChecked[];
  ruleChanges: RuleChange[];
}

export const emptyOutcome = (): CheckOutcome => ({ checked: [], findings: [], notChecked: [], ruleChanges: [] });

export function merge(outcomes: CheckOutcome[]): CheckOutcome {
  return {
    checked: outcomes.flatMap((o) => o.checked),
    findings: outcomes.flatMap((o) => o.findings),
    notChecked: outcomes.flatMap((o) => o.notChecked),
    ruleChanges: outcomes.flatMap((o) => o.ruleChanges),
  };
}

/** Why a check could not run, with the role to grant when the backend refused the bot. */
export function notChecked(check: string, what: string, error: unknown, role: string): NotChecked {
  const reason = isPortError(error) ? error.message : 'an unexpected error (the bot logs have the details)';
  const refused = isPortError(error) && (error.code === 'permission_denied' || error.code === 'unauthenticated');
  return { check, what, reason, ...(refused ? { role } : {}) };
}

/** Runs one check; its failure becomes a NotChecked line (logged), never an exception. */
export async function guarded(
  log: { warn(o: object, m: string): void },
  check: string,
  what: string,
  role: string,
  run: (outcome: CheckOutcome) => Promise<void>,
): Promise<CheckOutcome> {
  const outcome = emptyOutcome();
  try {
    await run(outcome);
    outcome.checked.push(check);
    return outcome;
  } catch (error) {
    log.warn({ err: error, check }, 'security audit: a check could not run');
    return { ...emptyOutcome(), notChecked: [notChecked(check, what, error, role)] };
  }
}
