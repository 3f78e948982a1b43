import { z } from 'zod';

/** A Slack user ID (U…/W…), a user group ID (S…) or a group handle (@sre-team). */
const responder = z
  .string()
  .regex(
    /^([UW][A-Z0-9]{6,}|S[A-Z0-9]{6,}|@[a-z0-9][a-z0-9._-]*)$/,
    'expected a Slack user ID (U…), a user group ID (S…) or a group handle (@team)',
  );
const group = z
  .string()
  .regex(/^(S[A-Z0-9]{6,}|@[a-z0-9][a-z0-9._-]*)$/, 'expected a user group ID (S…) or a group handle (@team)');

/** Minutes between status updates; null (or "none") means no reminders. */
const cadence = z.union([
  z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  z.null(),
  z.literal('none').transform(() => null),
]);
const responders = z.array(responder).default([]);

export const incidentsSchema = z
  .strictObject({
    /** How often the commander must post an update, per severity. */
    updateCadenceMinutes: z
      .strictObject({
        P0: cadence.default(15),
        P1: cadence.default(30),
        P2: cadence.default(120),
        P3: cadence.default(null),
      })
      .prefault({}),
    /** Invited to every new incident channel of that severity, and of that service. */
    responders: z
      .strictObject({
        bySeverity: z.strictObject({ P0: responders, P1: responders, P2: responders, P3: responders }).prefault({}),
        byService: z
          .record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a lowercase service name'), z.array(responder))
          .default({}),
      })
      .prefault({}),
    /** Paged (mentioned and invited) after two missed updates. Without it, the reminders stay with the commander. */
    escalation: group.optional(),
    /** A P0 or P1 locks prod deploys of the affected services until it is resolved. */
    lockProdDeploys: z.boolean().default(true),
    /** Archive an incident channel this many days after resolution; absent: never. */
    archiveAfterDays: z.number().int().min(0).max(365).optional(),
    /** Open the postmortem draft as a GitHub issue in this repository at resolve. */
    postmortem: z
      .strictObject({
        github: z.strictObject({ owner: z.string().min(1), repo: z.string().min(1) }).optional(),
        labels: z.array(z.string().min(1)).default(['postmortem']),
      })
      .prefault({}),
  })
  .prefault({});
