/** The shapes of stored drills and restore requests, checked on every read (see collection.ts); backup.ts rules. */
import { z } from 'zod';
import type { BackupDrill, RestoreRequest } from './backup.js';
import { schemaOf } from './collection.js';
import { approvalSchema, leaseSchema } from './deployment-schema.js';

const text = z.string();
const time = z.string();
const ref = z.object({ project: text, database: text });
const message = z.object({ channel: text, ts: text });

const verdict = z.object({
  passed: z.boolean(),
  reason: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('verified'),
      collections: z.number(),
      sampled: z.number(),
      against: z.enum(['snapshot', 'backup-stats']),
    }),
    z.object({ kind: z.literal('no-backup') }),
    z.object({ kind: z.literal('counts-differ'), collections: z.array(text) }),
    z.object({ kind: z.literal('total-differs'), restored: z.number(), expected: z.number() }),
    z.object({ kind: z.literal('sample-differs'), documents: z.array(text) }),
    z.object({ kind: z.literal('restore-failed'), message: text }),
    z.object({ kind: z.literal('timeout'), minutes: z.number() }),
    z.object({ kind: z.literal('backend'), message: text, role: text.optional() }),
  ]),
});

export const backupDrillSchema = schemaOf<BackupDrill>()(
  z.object({
    id: text,
    database: text,
    source: ref,
    trigger: z.enum(['schedule', 'http', 'command']),
    requestedBy: text.optional(),
    occurrence: time.optional(),
    status: z.enum(['running', 'passed', 'failed']),
    step: z.enum(['restore', 'wait', 'verify', 'cleanup', 'done']),
    startedAt: time,
    backup: z.object({ name: text, snapshotTime: time, documentCount: z.number().optional() }).optional(),
    drillDatabase: text.optional(),
    operation: text.optional(),
    restoreStartedAt: time.optional(),
    progressPercent: z.number().optional(),
    restoredAt: time.optional(),
    counts: z.array(z.object({ collection: text, restored: z.number(), source: z.number().optional() })).optional(),
    sample: z
      .object({ compared: z.number(), differing: z.array(text), against: z.enum(['snapshot', 'live', 'none']) })
      .optional(),
    verifiedAt: time.optional(),
    verdict: verdict.optional(),
    cleanup: z.object({ deleted: z.boolean(), error: text.optional() }).optional(),
    finishedAt: time.optional(),
    message: message.optional(),
    lease: leaseSchema.optional(),
    resumes: z.number().optional(),
  }),
);

export const restoreRequestSchema = schemaOf<RestoreRequest>()(
  z.object({
    id: text,
    database: text,
    source: ref,
    status: z.enum(['pending', 'running', 'succeeded', 'failed', 'rejected', 'expired']),
    requestedBy: text,
    requestedAt: time,
    expiresAt: time,
    approvers: z.array(text),
    requiredApprovals: z.number(),
    approvals: z.array(approvalSchema),
    rejection: z.object({ user: text, at: time, reason: text.optional() }).optional(),
    from: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('backup'), backup: text, snapshotTime: time.optional() }),
      z.object({ kind: z.literal('pitr'), at: time }),
    ]),
    targetDatabase: text,
    forced: text.optional(),
    operation: text.optional(),
    startedAt: time.optional(),
    progressPercent: z.number().optional(),
    finishedAt: time.optional(),
    error: text.optional(),
    message: message.optional(),
    lease: leaseSchema.optional(),
    resumes: z.number().optional(),
  }),
);
