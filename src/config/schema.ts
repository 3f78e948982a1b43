import { z } from 'zod';
import { backupSchema } from './schema-backup.js';
import { auditSchema, auditServiceProblems } from './schema-audit.js';
import { costSchema } from './schema-cost.js';
import {
  approvalPolicySchema,
  deploySettingsSchema,
  freezeSchema,
  MAX_APPROVALS,
  rolloutOverrideSchema,
  rolloutSchema,
} from './schema-deploy.js';
import { incidentsSchema } from './schema-incidents.js';
import { gateProblems, promotionGateSchema } from './schema-gates.js';
import { alertsSchema } from './schema-alerts.js';

/** A Slack channel: an ID (C…/G…) or a #name. */
const channel = z
  .string()
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{6,})$/, 'expected a channel ID (C0123ABCD) or a #channel-name');

/** An approver: a Slack user ID (U…/W…), a user group ID (S…) or a user-group handle (@sre-team). */
const approver = z
  .string()
  .regex(
    /^([UW][A-Z0-9]{6,}|S[A-Z0-9]{6,}|@[a-z0-9][a-z0-9._-]*)$/,
    'expected a Slack user ID (U…), a user group ID (S…) or a group handle (@team)',
  );

const cloudRunLocation = z.strictObject({
  project: z.string().min(1),
  region: z.string().regex(/^[a-z]+-[a-z]+\d+$/, 'expected a Cloud Run region such as europe-west1'),
  service: z
    .string()
    .regex(
      /^[a-z]([-a-z0-9]{0,47}[a-z0-9])?$/,
      'expected a Cloud Run service name (lowercase letters, digits, dashes)',
    ),
});

/**
 * Services and environments are looked up by the names people type (`/deploy constructor prod`); without a
 * prototype, `services['constructor']` is undefined instead of Object's constructor.
 */
const withoutPrototype = <T>(entries: Record<string, T>): Record<string, T> =>
  Object.assign(Object.create(null) as Record<string, T>, entries);

const environment = z.strictObject({
  requiresApproval: z.boolean().default(true),
  approvers: z.array(approver).default([]),
  minApprovals: z.number().int().min(1).max(MAX_APPROVALS).default(1),
  channel,
  /** Overrides the service's Cloud Run location, e.g. a separate staging project. */
  cloudRun: cloudRunLocation.partial().optional(),
  /** Overrides the service's rollout for this environment (e.g. a longer bake in prod). */
  rollout: rolloutOverrideSchema.optional(),
  /**
   * Rollbacks have their own policy; by default they need no approval, because they are used mid-incident. With
   * `requiresApproval`, `/rollback` posts a request that `minApprovals` of `approvers` (default: the environment's) approve.
   */
  rollback: approvalPolicySchema.default({ requiresApproval: false, approvers: [], minApprovals: 1 }),
  /** Freeze windows of this environment alone, on top of the team-wide `deploy.freezes`. */
  freezes: z.array(freezeSchema).default([]),
  /** The commit must have succeeded in another environment first, and soaked there (schema-gates.ts). */
  requires: promotionGateSchema.optional(),
});

const service = z
  .strictObject({
    cloudRun: cloudRunLocation,
    github: z.strictObject({ owner: z.string().min(1), repo: z.string().min(1) }),
    defaultBranch: z.string().min(1).default('main'),
    rollout: rolloutSchema.default({
      strategy: 'cloud-run',
      canary: { steps: [10, 50, 100], bakeSeconds: 120 },
      healthCheck: { path: '/healthz', expectStatus: 200 },
      requiredContexts: [],
    }),
    environments: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase environment name'), environment)
      .refine((envs) => 'staging' in envs && 'prod' in envs, 'expected at least the environments staging and prod')
      .transform(withoutPrototype),
  })
  .superRefine((svc, ctx) => {
    for (const [name, env] of Object.entries(svc.environments)) {
      if (env.requiresApproval && env.approvers.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['environments', name, 'approvers'],
          message: 'requiresApproval is true, so list at least one approver',
        });
      }
      if (env.rollback.requiresApproval && env.rollback.approvers.length === 0 && env.approvers.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['environments', name, 'rollback', 'approvers'],
          message:
            "rollback.requiresApproval is true, so list at least one approver here or in the environment's approvers",
        });
      }
      const deploy = env.requiresApproval && unreachable(env.approvers, env.minApprovals, 'approvers');
      if (deploy) ctx.addIssue({ code: 'custom', path: ['environments', name, 'minApprovals'], message: deploy });
      const own = env.rollback.approvers.length > 0;
      const rollback =
        env.rollback.requiresApproval &&
        unreachable(
          own ? env.rollback.approvers : env.approvers,
          env.rollback.minApprovals,
          own ? 'rollback.approvers' : 'approvers',
        );
      if (rollback)
        ctx.addIssue({ code: 'custom', path: ['environments', name, 'rollback', 'minApprovals'], message: rollback });
    }
  })
  .superRefine(gateProblems);

/**
 * N of M that no requester could ever get, when every approver is a user ID. Groups are resolved when a deploy or
 * rollback is requested, and refused there when too few are left (requestDeploy, requestRollback).
 */
function unreachable(approvers: string[], needed: number, listed: string): string | undefined {
  if (approvers.length === 0 || approvers.some((a) => a.startsWith('S') || a.startsWith('@'))) return undefined;
  const users = new Set(approvers).size;
  return users < needed ? `${needed} approvals are needed, but ${listed} lists only ${users} user(s)` : undefined;
}

const timezone = z.string().refine(isTimeZone, 'expected an IANA time zone such as Europe/Berlin or UTC');

export const configSchema = z
  .strictObject({
    timezone: timezone.default('UTC'),
    channels: z.strictObject({
      deploys: channel,
      incidents: channel,
      costs: channel,
    }),
    budget: z.strictObject({
      monthly: z.number().positive().max(1e12),
      currency: z
        .string()
        .regex(/^[A-Z]{3}$/, 'expected a currency code such as USD')
        .default('USD'),
    }),
    deploy: deploySettingsSchema,
    incidents: incidentsSchema,
    cost: costSchema,
    alerts: alertsSchema,
    backup: backupSchema.optional(),
    audit: auditSchema,
    services: z
      .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase service name'), service)
      .refine((services) => Object.keys(services).length > 0, 'expected at least one service')
      .transform(withoutPrototype),
  })
  .superRefine((config, ctx) => {
    for (const issue of auditServiceProblems(config.audit, config.services)) ctx.addIssue({ code: 'custom', ...issue });
    // A responder list for a service that does not exist is a typo that would silently invite nobody.
    for (const name of Object.keys(config.incidents.responders.byService)) {
      if (!Object.hasOwn(config.services, name)) {
        ctx.addIssue({
          code: 'custom',
          path: ['incidents', 'responders', 'byService', name],
          message: `no service "${name}" in services (known: ${Object.keys(config.services).join(', ')})`,
        });
      }
    }
  });

export type Config = z.output<typeof configSchema>;
export type ServiceConfig = Config['services'][string];
export type EnvironmentConfig = ServiceConfig['environments'][string];

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
