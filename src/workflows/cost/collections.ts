/**
 * The cost workflow's store collections. Their record types belong to the workflow (digest.ts, budget-alerts.ts),
 * so the tokens live here rather than in domain/cost.ts.
 */
import { z } from 'zod';
import { collection, schemaOf } from '../../domain/collection.js';
import { leaseSchema } from '../../domain/deployment-schema.js';
import type { AlertRecord } from './budget-alerts.js';
import type { DigestRecord } from './digest.js';

const text = z.string();
/** ISO 8601 times: records hold JSON, so times are strings. */
const time = z.string();

const digestRecordSchema = schemaOf<DigestRecord>()(
  z.object({
    occurrence: time,
    period: z.object({ from: text, to: text, label: text }),
    state: z.enum(['running', 'retry', 'posted', 'failed']),
    trigger: z.enum(['schedule', 'http']),
    attempts: z.number(),
    lease: leaseSchema.optional(),
    nextAttemptAt: time.optional(),
    lastError: text.optional(),
    report: z.object({ channel: text, ts: text }).optional(),
    chart: text.optional(),
    postedAt: time.optional(),
  }),
);

const alertRecordSchema = schemaOf<AlertRecord>()(
  z.object({ scope: text, threshold: z.number(), state: z.enum(['posting', 'posted']), at: time }),
);

/** One weekly digest occurrence each, keyed by its local date and time. */
export const COST_DIGESTS = collection('cost-digests', digestRecordSchema);
/** One budget threshold each, claimed before it is posted. */
export const BUDGET_ALERTS = collection('budget-alerts', alertRecordSchema);
