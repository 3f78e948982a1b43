import type { RefusalFacts } from '../src/domain/refusals.js';
import { approvalRefusalText } from './approval.js';
import { gateRefusalText, staleCardText } from './deploy-refusals.js';
import { refusalText as incidentRefusalText } from './incident-refusals.js';
import { securityGateText } from './audit-refusals.js';

/** A workflow's refusal, from its facts, in the words the user reads (mentions included). */
export function refusalText(refusal: RefusalFacts): string {
  switch (refusal.kind) {
    case 'unknown-request':
    case 'approval-refused':
    case 'unreachable-approvals':
      return approvalRefusalText(refusal);
    case 'frozen':
    case 'locked':
      return gateRefusalText(refusal);
    case 'stale-card':
      return staleCardText(refusal);
    case 'not-allowed':
    case 'already-resolved':
      return incidentRefusalText(refusal);
    case 'security-findings':
      return securityGateText(refusal);
  }
}
