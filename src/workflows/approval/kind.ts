import type { ApprovalRequest } from '../../domain/approval.js';
import type { Collection } from '../../ports/store.js';
import type { WorkflowContext } from '../context.js';

/** A record the approval model can hold: an approval request with an ID, and the card it was posted as. */
export interface ApprovalRecord extends ApprovalRequest {
  id: string;
  message?: { channel: string; ts: string };
}

/**
 * What one kind of approval request (deploy plans, rollback requests, …) tells the model: its name, where its
 * records live, how they are audited and what completing the set does. A refusal names the kind; blocks/approval.ts
 * words it for each kind.
 */
export interface ApprovalKind<T extends ApprovalRecord> {
  /** 'deploy', 'rollback', …: refusals carry it (src/domain/refusals.ts). */
  name: string;
  collection: Collection<T>;
  /** Audit actions are `<action>.approve`, `.reject`, `.expire` and `.withdraw`, on the target `<target>:<id>`. */
  audit: { action: string; target: string };
  isId(id: string): boolean;
  /** The record once the approval that completes the set is in (still inside its compare-and-set). */
  complete(record: T, now: Date, ctx: WorkflowContext): T;
  /** The record changed: the surfaces re-render its card. */
  changed(ctx: WorkflowContext, id: string): void;
}
