import type { ApprovalRequest, ApproveRefusal, RejectRefusal } from '../../domain/approval.js';
import type { Collection } from '../../ports/store.js';
import type { WorkflowContext } from '../context.js';

/** A record the approval model can hold: an approval request with an ID, and the card it was posted as. */
export interface ApprovalRecord extends ApprovalRequest {
  id: string;
  message?: { channel: string; ts: string };
}

/** Refusals that have no record to speak of: an ID of another kind, a record gone, or one no longer open. */
export type Unknown = 'foreign-id' | 'gone' | 'not-waiting';

/**
 * What one kind of approval request (deploy plans, rollback requests, …) tells the model: where its records live,
 * how they are audited, what completing the set does, and the words a refused user reads.
 */
export interface ApprovalKind<T extends ApprovalRecord> {
  collection: Collection<T>;
  /** Audit actions are `<action>.approve`, `.reject`, `.expire` and `.withdraw`, on the target `<target>:<id>`. */
  audit: { action: string; target: string };
  isId(id: string): boolean;
  /** The record once the approval that completes the set is in (still inside its compare-and-set). */
  complete(record: T, now: Date, ctx: WorkflowContext): T;
  /** The record changed: the surfaces re-render its card. */
  changed(ctx: WorkflowContext, id: string): void;
  words: {
    unknown(why: Unknown): string;
    refused(to: 'approve' | 'reject', why: ApproveRefusal | RejectRefusal, record: T): string;
  };
}
