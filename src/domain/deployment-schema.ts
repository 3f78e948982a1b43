/** The shape of a stored Deployment, checked on every read (see collection.ts); the types in deployment.ts rule. */
import { z } from 'zod';
import { schemaOf } from './collection.js';
import type { Approval } from './approval.js';
import type { DeployPlan, DeployStep, Deployment, StoppedServing } from './deployment.js';
import type { Lease } from './lease.js';
import { artifactSchema, monitoringSchema, preDeployRunSchema } from './deploy-gates-schema.js';

const text = z.string();
/** ISO 8601 times: records hold JSON, so times are strings. */
const time = z.string();
const messageRef = z.object({ channel: text, ts: text });

export const approvalSchema = schemaOf<Approval>()(z.object({ user: text, at: time }));
export const leaseSchema = schemaOf<Lease>()(z.object({ owner: text, until: time }));

const stepSchema = schemaOf<DeployStep>()(
  z.object({
    name: text,
    state: z.enum(['pending', 'running', 'done', 'failed', 'skipped']),
    startedAt: time.optional(),
    finishedAt: time.optional(),
    detail: text.optional(),
  }),
);

const planSchema = schemaOf<DeployPlan>()(
  z.object({
    baseSha: text.optional(),
    changes: z.object({ aheadBy: z.number(), authors: z.array(text), compareUrl: text, files: z.number() }).optional(),
    changesUnknown: text.optional(),
    risk: z.object({ level: z.enum(['low', 'medium', 'high']), reasons: z.array(text) }),
    estimateSeconds: z.number(),
    estimateBasis: z.enum(['history', 'steps']).optional(),
    checks: z.array(
      z.object({
        name: text,
        mark: z.enum(['pass', 'warn', 'fail']),
        detail: text,
        actor: text.optional(),
        forcedPast: text.optional(),
      }),
    ),
    verification: z.array(text),
    monitoring: monitoringSchema.optional(),
  }),
);

const stoppedServingSchema = schemaOf<StoppedServing>()(
  z.object({
    how: z.enum(['rollback', 'automatic-rollback', 'incident-card', 'alert-card', 'superseded']),
    by: text,
    at: time,
    reason: text.optional(),
    to: text.optional(),
    supersededBy: z.object({ id: text, sha: text }).optional(),
    requestId: text.optional(),
  }),
);

export const deploymentSchema = schemaOf<Deployment>()(
  z.object({
    id: text,
    service: text,
    environment: text,
    ref: text,
    sha: text,
    commitTitle: text.optional(),
    commitAuthor: text.optional(),
    commitUrl: text.optional(),
    strategy: z.enum(['cloud-run', 'github-actions']),
    status: z.enum(['pending', 'approved', 'rejected', 'expired', 'running', 'succeeded', 'failed', 'rolled_back']),
    requestedBy: text,
    requestedAt: time,
    expiresAt: time.optional(),
    approvers: z.array(text),
    requiredApprovals: z.number(),
    approvals: z.array(approvalSchema),
    rejection: z.object({ user: text, at: time, reason: text }).optional(),
    forced: z.object({ user: text, reason: text }).optional(),
    startedAt: time.optional(),
    finishedAt: time.optional(),
    revision: text.optional(),
    rollbackTarget: text.optional(),
    steps: z.array(stepSchema),
    plan: planSchema.optional(),
    githubDeploymentId: z.number().optional(),
    run: z.object({ id: z.number().optional(), url: text.optional(), dispatchedAt: time }).optional(),
    lease: leaseSchema.optional(),
    message: messageRef.optional(),
    error: text.optional(),
    reachedTrafficAt: time.optional(),
    stoppedServing: stoppedServingSchema.optional(),
    servingAgain: z.object({ at: time, by: text }).optional(),
    artifact: artifactSchema.optional(),
    preDeploy: z.array(preDeployRunSchema).optional(),
  }),
);
