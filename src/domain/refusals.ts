import type { ApprovalRequest, ApproveRefusal, RejectRefusal } from './approval.js';
import type { StopCause } from './deployment.js';
import { Refusal, type RefusalKind } from './errors.js';
import type { IncidentRefusal } from './incident-facts.js';

/**
 * Why a deploy or approval workflow said no, as facts; nothing was changed. The Slack surface words them
 * (blocks/refusals.ts), mentions included, so a workflow writes no Slack text.
 */
export type RefusalFacts =
  | ApprovalRefusal
  | UnreachableApprovals
  | GateRefusal
  | StaleCard
  | IncidentRefusal
  | SecurityGate;

/** A prod deploy refused for open CRITICAL audit findings on the service (audit.gateProdDeploys). */
export interface SecurityGate {
  kind: 'security-findings';
  service: string;
  count: number;
  /** The findings' kinds, e.g. run-public. */
  findings: string[];
}

/** A request the approval model has nothing to say about: an ID of another kind, a record gone, one no longer open. */
export type UnknownRequest = 'foreign-id' | 'gone' | 'not-waiting';

/** A request as a refusal names it; deploys and rollbacks have a service and an environment. */
export type RequestFacts = ApprovalRequest & { id: string; service?: string; environment?: string };

export type ApprovalRefusal =
  /** `request`: the kind's name ('deploy', 'rollback', …); blocks/approval.ts words each kind. */
  | { kind: 'unknown-request'; request: string; why: UnknownRequest }
  | {
      kind: 'approval-refused';
      request: string;
      to: 'approve' | 'reject';
      why: ApproveRefusal | RejectRefusal;
      record: RequestFacts;
    };

/** Fewer than `required` approvers other than the requester (`eligible` of them) could ever approve it. */
export interface UnreachableApprovals {
  kind: 'unreachable-approvals';
  request: string;
  service: string;
  environment: string;
  required: number;
  eligible: number;
  /** User IDs, groups resolved. */
  approvers: string[];
}

/** A deploy that is not forced stops at a freeze window or another's lock; times are ISO, told in `timeZone`. */
export type GateRefusal =
  | { kind: 'frozen'; name: string; endsAt: string; timeZone: string }
  /** `holder`: a user ID, or `incident:<id>` for an incident's lock (which has no expiry). */
  | { kind: 'locked'; holder: string; reason: string; expiresAt: string | null; timeZone: string };

/** Why an incident card's Roll back button no longer tells the truth. */
export type StaleButton =
  | { kind: 'not-serving'; deploymentId: string; stopped?: Stopped }
  | { kind: 'not-finished'; deploymentId: string; running: boolean }
  | { kind: 'other-from'; deploymentId: string; button: string; made: string }
  | { kind: 'other-to'; deploymentId: string; button: string; replaced: string }
  | { kind: 'traffic-moved'; revision: string };

/** How a deploy stopped serving, and who stopped it (a user ID, or `system`). */
export interface Stopped {
  how: StopCause;
  by: string;
}

/** The card is out of date: why, and what serves now (Cloud Run's traffic where read; the deploy by the records). */
export interface StaleCard {
  kind: 'stale-card';
  service: string;
  environment: string;
  why: StaleButton;
  traffic?: { revision: string; percent: number }[];
  live?: { id: string; sha: string };
}

/** A refusal with its facts; its message is only for the logs. */
export class Refused extends Refusal {
  constructor(
    readonly refusal: RefusalFacts,
    kind?: RefusalKind,
  ) {
    super(`refused: ${refusal.kind}`, kind);
    this.name = 'Refused';
  }
}
