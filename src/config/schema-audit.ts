import { z } from 'zod';
import { cronProblem } from './cron.js';

const channel = z
  .string()
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{6,})$/, 'expected a channel ID (C0123ABCD) or a #channel-name');
const serviceName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a service name of services:');
const cron = z.string().superRefine((pattern, ctx) => {
  const problem = cronProblem(pattern);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** The `audit:` section (`/audit` and the weekly security digest). Owned by the audit workflow. */
export const auditSchema = z
  .strictObject({
    /** Services meant to be reachable by anyone: allUsers on roles/run.invoker is no finding for them. */
    publicServices: z.array(serviceName).default([]),
    /** Services meant to be internal: ingress INGRESS_TRAFFIC_ALL is a finding for them. */
    internalServices: z.array(serviceName).default([]),
    /** Projects audited besides those of the services' Cloud Run locations (e.g. the Firebase project). */
    projects: z
      .array(z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project ID'))
      .default([]),
    secrets: z
      .strictObject({
        /** A secret whose newest enabled version is older than this is overdue for rotation. */
        rotationDays: z.number().int().min(1).max(3650).default(90),
        /** More enabled versions than this (the newest included) is a finding: old values still work. */
        maxEnabledVersions: z.number().int().min(1).max(100).default(3),
      })
      .prefault({}),
    /** More break-glass users than this is a finding. */
    maxBreakGlass: z.number().int().min(0).max(100).default(3),
    /** true: an open CRITICAL finding on a service refuses its prod deploys (break-glass passes); false: a warning. */
    gateProdDeploys: z.boolean().default(false),
    digest: z
      .strictObject({
        enabled: z.boolean().default(true),
        schedule: cron.default('0 8 * * MON'),
        /** Run the schedule in this process; turn off when only Cloud Scheduler calls POST /jobs/security-audit. */
        inProcess: z.boolean().default(true),
        /** Where the digest goes; the deploys channel by default. */
        channel: channel.optional(),
      })
      .prefault({}),
  })
  .prefault({});

export type AuditSettings = z.output<typeof auditSchema>;

/** Names in publicServices and internalServices that are not services: a typo would silently audit nothing. */
export function auditServiceProblems(
  audit: AuditSettings,
  services: Record<string, unknown>,
): { path: (string | number)[]; message: string }[] {
  return (['publicServices', 'internalServices'] as const).flatMap((list) =>
    audit[list].flatMap((name, index) =>
      Object.hasOwn(services, name)
        ? []
        : [{ path: ['audit', list, index], message: `no service "${name}" in services` }],
    ),
  );
}
