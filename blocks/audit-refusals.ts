import type { SecurityGate } from '../src/domain/refusals.js';

/** A prod deploy refused for open CRITICAL security findings, in the user's words. */
export function securityGateText(gate: SecurityGate): string {
  return `${gate.service} has ${gate.count} open CRITICAL security finding(s) (${gate.findings.join(', ')}) and audit.gateProdDeploys is on. Fix them (/audit ${gate.service} shows how), or use --force "reason" (break-glass).`;
}
