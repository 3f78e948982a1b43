/** The shape of a stored RollbackRequest, checked on every read (see collection.ts); the types in rollback.ts rule. */
import { z } from 'zod';
import { schemaOf } from './collection.js';
import { approvalSchema, leaseSchema } from './deployment-schema.js';
import type { RollbackRequest } from './rollback.js';
import { migrationNoteSchema } from './deploy-gates-schema.js';

const text = z.string();
/** ISO 8601 times: records hold JSON, so times are strings. */
const time = z.string();
const strategy = z.enum(['cloud-run', 'github-actions']);

export const rollbackRequestSchema = schemaOf<RollbackRequest>()(
  z.object({
    id: text,
    service: text,
    environment: text,
    strategy,
    status: z.enum(['pending', 'running', 'succeeded', 'failed', 'rejected', 'expired']),
    requestedBy: text,
    requestedAt: time,
    reason: text.optional(),
    via: z.enum(['incident-card', 'alert-card']).optional(),
    expiresAt: time,
    from: text.optional(),
    to: text,
    targetDeploy: z
      .object({ id: text, sha: text, ref: text, requestedBy: text, finishedAt: time.optional() })
      .optional(),
    approvers: z.array(text),
    requiredApprovals: z.number(),
    approvals: z.array(approvalSchema),
    rejection: z.object({ user: text, at: time }).optional(),
    startedAt: time.optional(),
    finishedAt: time.optional(),
    result: z.object({ strategy, to: text, from: text.optional(), ms: z.number(), url: text.optional() }).optional(),
    error: text.optional(),
    message: z.object({ channel: text, ts: text }).optional(),
    lease: leaseSchema.optional(),
    moveStartedAt: time.optional(),
    resumes: z.number().optional(),
    audited: z.boolean().optional(),
    migrations: z.array(migrationNoteSchema).optional(),
  }),
);
