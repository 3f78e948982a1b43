import { z } from 'zod';
import { preDeploySchema } from './schema-gates.js';
import { canaryAnalysisSchema } from './schema-canary.js';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time HH:MM');
const date = z.iso.date({ error: 'expected a date YYYY-MM-DD' });
const weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
const approver = z
  .string()
  .regex(
    /^([UW][A-Z0-9]{6,}|S[A-Z0-9]{6,}|@[a-z0-9][a-z0-9._-]*)$/,
    'expected a Slack user ID (U…), a user group ID (S…) or a group handle (@team)',
  );
/** N of M above this is a typo, not a policy. */
export const MAX_APPROVALS = 10;
const userId = z.string().regex(/^[UW][A-Z0-9]{6,}$/, 'expected a Slack user ID (U…)');

const dayClock = z
  .string()
  .regex(
    /^(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d$/,
    'expected a weekday and a time such as "fri 18:00"',
  );

/**
 * A weekly freeze, in the config's time zone (DST-correct). Two forms:
 * - `{ days: [mon, tue], from: "22:00", to: "06:00" }`: on each listed day, from `from` until `to`; when `to` is
 *   not after `from` the window ends the next day at `to` (so "00:00" → "00:00" is the whole day);
 * - `{ from: "fri 18:00", to: "mon 08:00" }`: one window across days, until the next `to` after `from`.
 */
const weeklySchema = z
  .strictObject({ days: z.array(weekday).min(1).optional(), from: z.string(), to: z.string() })
  .superRefine((w, ctx) => {
    const format = w.days ? clock : dayClock;
    for (const key of ['from', 'to'] as const) {
      if (format.safeParse(w[key]).success) continue;
      const message = w.days
        ? 'expected a time HH:MM (the days are listed in `days`)'
        : 'expected a weekday and a time such as "fri 18:00" (or list `days` and give times HH:MM)';
      ctx.addIssue({ code: 'custom', path: [key], message });
    }
  });

/** A freeze window: weekly (see above) or a one-off range of whole days, `from` and `to` inclusive, in the config's time zone. */
export const freezeSchema = z
  .strictObject({
    name: z.string().min(1),
    weekly: weeklySchema.optional(),
    from: date.optional(),
    to: date.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.weekly) {
      if (f.from !== undefined || f.to !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['weekly'],
          message: 'a freeze is either weekly or a date range (from, to), not both',
        });
    } else if (f.from === undefined || f.to === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: [f.from === undefined ? 'from' : 'to'],
        message: 'required: a freeze needs `weekly`, or `from` and `to` dates (YYYY-MM-DD)',
      });
    } else if (f.from > f.to) {
      ctx.addIssue({ code: 'custom', path: ['to'], message: `expected a date on or after from (${f.from})` });
    }
  });

/** How a service is rolled out; set per service, and overridable per environment. */
export const rolloutSchema = z.strictObject({
  strategy: z.enum(['cloud-run', 'github-actions']).default('cloud-run'),
  /** Image for a commit: {sha}, {sha7}, {service}, {env} are replaced. */
  image: z.string().min(1).optional(),
  canary: z
    .strictObject({
      steps: z.array(z.number().int().min(1).max(100)).min(1).max(10).default([10, 50, 100]),
      bakeSeconds: z.number().int().min(1).max(3600).default(120),
    })
    .default({ steps: [10, 50, 100], bakeSeconds: 120 })
    .refine(
      (c) => c.steps.at(-1) === 100 && c.steps.every((s, i) => i === 0 || s > c.steps[i - 1]!),
      'steps must rise and end at 100',
    ),
  healthCheck: z
    .strictObject({
      path: z.string().startsWith('/').default('/healthz'),
      expectStatus: z.number().int().min(100).max(599).default(200),
    })
    .default({ path: '/healthz', expectStatus: 200 }),
  /** github-actions: the workflow file name or ID dispatched with inputs environment and ref. */
  workflow: z.string().min(1).optional(),
  /** Status contexts and check names that must pass on the commit. */
  requiredContexts: z.array(z.string().min(1)).default([]),
  /** Cloud Run Jobs run on the new image before any traffic moves (schema-gates.ts). */
  preDeploy: preDeploySchema.optional(),
  /** cloud-run: the canary judged on Cloud Monitoring metrics (schema-canary.ts); unset: health checks only. */
  analysis: canaryAnalysisSchema.optional(),
});

/**
 * An environment's `rollout:` override: the keys it names, with the rollout's rules but none of its defaults, so
 * `rollout: { preDeploy: […] }` in prod keeps the service's canary and strategy instead of resetting them.
 */
const overrideShape = Object.fromEntries(
  Object.entries(rolloutSchema.shape as Record<string, z.ZodType>).map(([key, field]) => [
    key,
    (field instanceof z.ZodDefault
      ? (field.unwrap() as z.ZodType).check(...((field._zod.def.checks ?? []) as z.core.$ZodCheck<unknown>[]))
      : field
    ).optional(),
  ]),
) as unknown as ReturnType<typeof rolloutSchema.partial>['shape'];
export const rolloutOverrideSchema = z.strictObject(overrideShape);

export const approvalPolicySchema = z.strictObject({
  requiresApproval: z.boolean().default(false),
  approvers: z.array(approver).default([]),
  minApprovals: z.number().int().min(1).max(MAX_APPROVALS).default(1),
});

/** Path globs: short, few, so matching them against a change stays cheap. */
const globs = (defaults: string[]) => z.array(z.string().min(1).max(200)).max(50).default(defaults);

/** The top-level `deploy:` section: team-wide deploy rules. */
export const deploySettingsSchema = z
  .strictObject({
    /** At most a day: a plan's checks and diff are stale by then (and a huge value overflowed the expiry date). */
    approvalExpiryMinutes: z.number().int().min(1).max(1440).default(30),
    allowSelfApproval: z.boolean().default(false),
    /** Users who may `--force` past approval, locks and freezes. Loudly audited. */
    breakGlass: z.array(userId).default([]),
    /** Path patterns (globs) that raise a deploy's risk. */
    riskPaths: z
      .strictObject({
        migrations: globs(['migrations/**', '**/*.sql']),
        infra: globs(['terraform/**', 'infra/**', 'Dockerfile']),
      })
      .default({ migrations: ['migrations/**', '**/*.sql'], infra: ['terraform/**', 'infra/**', 'Dockerfile'] }),
    freezes: z.array(freezeSchema).default([]),
    /** Minutes before a lock expires when its holder is reminded. */
    lockReminderMinutes: z.number().int().min(1).max(1440).default(10),
    /**
     * How long the instance driving a rollout holds it without renewing (it renews while it works). After a crash,
     * another instance (or the restarted one) resumes the rollout once this ran out; a graceful shutdown hands over at once.
     */
    leaseSeconds: z.number().int().min(5).max(600).default(60),
  })
  .default({
    approvalExpiryMinutes: 30,
    allowSelfApproval: false,
    breakGlass: [],
    riskPaths: { migrations: ['migrations/**', '**/*.sql'], infra: ['terraform/**', 'infra/**', 'Dockerfile'] },
    freezes: [],
    lockReminderMinutes: 10,
    leaseSeconds: 60,
  });

export type FreezeWindow = z.output<typeof freezeSchema>;
export type RolloutConfig = z.output<typeof rolloutSchema>;
export type DeploySettings = z.output<typeof deploySettingsSchema>;
