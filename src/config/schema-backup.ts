import { z } from 'zod';
import { cronProblem } from './cron.js';
import { MAX_APPROVALS } from './schema-deploy.js';

/** A Slack channel: an ID (C…/G…) or a #name (as in schema.ts). */
const channel = z
  .string()
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{6,})$/, 'expected a channel ID (C0123ABCD) or a #channel-name');

/** A Slack user ID (U…/W…), a user group ID (S…) or a group handle (@sre-team). */
const person = z
  .string()
  .regex(
    /^([UW][A-Z0-9]{6,}|S[A-Z0-9]{6,}|@[a-z0-9][a-z0-9._-]*)$/,
    'expected a Slack user ID (U…), a user group ID (S…) or a group handle (@team)',
  );

const cron = z.string().superRefine((pattern, ctx) => {
  const problem = cronProblem(pattern);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A Firestore database ID: `(default)`, or 4–63 lowercase letters, digits and dashes. */
export const FIRESTORE_DATABASE_ID = /^(\(default\)|[a-z][a-z0-9-]{2,61}[a-z0-9])$/;

const database = z.strictObject({
  project: z.string().regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'expected a Google Cloud project ID'),
  /** The Firestore database ID in that project. */
  database: z.string().regex(FIRESTORE_DATABASE_ID, 'expected (default) or a database ID').default('(default)'),
  /** Collection groups to count besides the root collections (subcollections under other names). */
  collectionGroups: z
    .array(z.string().regex(/^[^/]{1,1500}$/, 'expected a collection ID'))
    .max(100)
    .default([]),
});

/** The `backup:` section (optional). Owned by the backup workflow. */
export const backupSchema = z.strictObject({
  /** Where drill reports and restore requests are posted. */
  channel,
  /** Mentioned when a drill fails. */
  owners: z.array(person).default([]),
  /** The databases /backup knows, by the names people type (`/backup status main`). */
  databases: z
    .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase name'), database)
    .refine((d) => Object.keys(d).length > 0, 'expected at least one database'),
  /** What /backup status calls a problem. */
  policy: z
    .strictObject({
      maxBackupAgeHours: z
        .number()
        .min(1)
        .max(24 * 90)
        .default(26),
      minRetentionDays: z.number().int().min(1).max(3650).default(7),
      requirePitr: z.boolean().default(true),
      maxDrillAgeDays: z.number().int().min(1).max(365).default(8),
    })
    .prefault({}),
  drill: z
    .strictObject({
      enabled: z.boolean().default(true),
      /** Cron in `timezone`; every configured database is drilled once per occurrence. */
      schedule: cron.default('0 4 * * SUN'),
      /** Run the schedule in this process. Turn off when only Cloud Scheduler calls POST /jobs/backup-drill. */
      inProcess: z.boolean().default(true),
      /** Documents compared field by field. */
      sampleSize: z.number().int().min(0).max(500).default(20),
      /** A restore still running after this is reported as timed out (its database is deleted all the same). */
      timeoutMinutes: z
        .number()
        .int()
        .min(1)
        .max(24 * 60)
        .default(120),
      /** Seconds between looks at the restore's operation. */
      pollSeconds: z.number().int().min(1).max(600).default(15),
    })
    .prefault({}),
  /** A real restore (/backup restore) waits for minApprovals of approvers. */
  restore: z
    .strictObject({
      approvers: z.array(person).min(1, 'list at least one approver'),
      minApprovals: z.number().int().min(1).max(MAX_APPROVALS).default(1),
    })
    .superRefine((r, ctx) => {
      if (r.approvers.some((a) => a.startsWith('S') || a.startsWith('@'))) return;
      const users = new Set(r.approvers).size;
      if (users < r.minApprovals)
        ctx.addIssue({
          code: 'custom',
          path: ['minApprovals'],
          message: `${r.minApprovals} approvals are needed, but approvers lists only ${users} user(s)`,
        });
    }),
});

export type BackupSettings = z.output<typeof backupSchema>;
export type BackupDatabaseConfig = BackupSettings['databases'][string];
