import { z } from 'zod';

/** A Slack channel: an ID (C…/G…) or a #name. */
const channel = z
  .string()
  .regex(/^(#[a-z0-9][a-z0-9._-]{0,79}|[CG][A-Z0-9]{6,})$/, 'expected a channel ID (C0123ABCD) or a #channel-name');
/** A Slack user ID (U…/W…), a user group ID (S…) or a group handle (@sre-team). */
const responder = z
  .string()
  .regex(
    /^([UW][A-Z0-9]{6,}|S[A-Z0-9]{6,}|@[a-z0-9][a-z0-9._-]*)$/,
    'expected a Slack user ID (U…), a user group ID (S…) or a group handle (@team)',
  );
const user = z.string().regex(/^[UW][A-Z0-9]{6,}$/, 'expected a Slack user ID (U…)');
const severity = z.enum(['P0', 'P1', 'P2', 'P3']);
/** Cloud Monitoring's policy severities, as its notifications spell them (case is ignored). */
export const POLICY_SEVERITIES = ['critical', 'error', 'warning'] as const;

/** Declare an incident for an alert matching `severity` or every `labels` pair (policy user labels). */
const autoDeclareRule = z
  .strictObject({
    severity: z
      .string()
      .transform((s) => s.toLowerCase())
      .pipe(z.enum(POLICY_SEVERITIES))
      .optional(),
    labels: z.record(z.string().min(1), z.string()).optional(),
    declare: severity,
  })
  .refine((r) => r.severity !== undefined || (r.labels && Object.keys(r.labels).length > 0), {
    message: 'expected a severity or labels to match',
  });

/**
 * Alerts (Cloud Monitoring webhooks at POST /hooks/alerts, budget alerts, failed deploys): where they go without a
 * service, how policy severities map to incident severities, and which alerts declare an incident on their own.
 */
export const alertsSchema = z
  .strictObject({
    /** Alerts no configured service claims go here; the incidents channel when absent. */
    channel: channel.optional(),
    /** The incident severity the card's Declare incident form starts at, per policy severity. */
    severity: z
      .strictObject({
        critical: severity.default('P1'),
        error: severity.default('P2'),
        warning: severity.default('P3'),
        none: severity.default('P3'),
      })
      .prefault({}),
    /** Rules tried in order; the first match declares an incident (never for a service with one open, nor a budget). */
    autoDeclare: z.array(autoDeclareRule).max(20).default([]),
    /** Who may press the card's Acknowledge, Silence and Declare incident; empty: everyone (break-glass users always). */
    responders: z.array(responder).max(50).default([]),
    /** Commander of auto-declared incidents; without one the bot is named and anyone may take the role. */
    commander: user.optional(),
    /** How many of the service's last deploys the card lists (1–5). */
    recentDeploys: z.number().int().min(1).max(5).default(3),
    /** What Silence silences for (minutes; default 60). */
    silenceMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(60),
  })
  .prefault({});

export type AlertsConfig = z.output<typeof alertsSchema>;
