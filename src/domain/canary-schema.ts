/** The shape of a stored CanaryRecord, checked on every read (see collection.ts); the types in canary.ts rule. */
import { z } from 'zod';
import type { CanaryRecord } from './canary.js';
import { schemaOf } from './collection.js';

const num = z.number();
const summary = {
  revision: z.string(),
  requests: num,
  errors: num,
  errorRate: num,
  p50: num.optional(),
  p95: num.optional(),
  p99: num.optional(),
};
const point = z.object({ at: z.string(), requests: num, errorRate: num, p99: num.optional() });
const rule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('max-error-rate'), limit: num, canary: num }),
  z.object({ kind: z.literal('error-rate-factor'), factor: num, margin: num, canary: num, baseline: num }),
  z.object({ kind: z.literal('p99-ratio'), limit: num, canary: num, baseline: num }),
  z.object({
    kind: z.literal('mann-whitney'),
    metric: z.enum(['error-rate', 'p99']),
    confidence: num,
    required: num,
    increase: num,
    allowedIncrease: num,
    points: z.object({ canary: num, baseline: num }),
  }),
  z.object({
    kind: z.literal('too-little-traffic'),
    side: z.enum(['canary', 'baseline']),
    requests: num,
    minRequests: num,
  }),
  z.object({ kind: z.literal('no-baseline') }),
]);

export const canaryRecordSchema = schemaOf<CanaryRecord>()(
  z.object({
    deploymentId: z.string(),
    revision: z.string(),
    baselineRevision: z.string().optional(),
    links: z.object({ revision: z.string(), logs: z.string(), metrics: z.string() }),
    steps: z.array(
      z.object({
        step: z.string(),
        percent: num,
        bakeSeconds: num,
        start: z.string(),
        end: z.string(),
        canary: z.object(summary),
        baseline: z
          .object({ ...summary, source: z.enum(['rest-of-traffic', 'fresh-revision', 'earlier-step']) })
          .optional(),
        verdicts: z.array(
          z.object({
            metric: z.enum(['error-rate', 'p99', 'statistics']),
            mark: z.enum(['pass', 'low-traffic', 'fail']),
            rule,
          }),
        ),
        outcome: z.enum(['pass', 'pass-low-traffic', 'fail']),
        extensions: num,
        series: z.object({ canary: z.array(point), baseline: z.array(point) }),
      }),
    ),
  }),
);
