/** The shapes of stored incidents and timeline entries, checked on every read (see collection.ts); incident.ts rules. */
import { z } from 'zod';
import { schemaOf } from './collection.js';
import { leaseSchema } from './deployment-schema.js';
import type { Incident, TimelineEntry } from './incident.js';

const text = z.string();
/** ISO 8601 times: records hold JSON, so times are strings. */
const time = z.string();
const messageRef = z.object({ channel: text, ts: text, permalink: text.optional() });
// Literal lists, not incident.ts's SEVERITIES and STATUSES: incident.ts imports this module, and schemaOf proves
// the lists equal to the types.
const status = z.enum(['investigating', 'identified', 'monitoring', 'resolved']);

export const incidentSchema = schemaOf<Incident>()(
  z.object({
    id: text,
    number: z.number(),
    title: text,
    severity: z.enum(['P0', 'P1', 'P2', 'P3']),
    status,
    open: z.boolean(),
    services: z.array(text),
    impact: text,
    roles: z.object({ commander: text, communications: text.optional(), scribe: text.optional() }),
    declaredBy: text,
    declaredAt: time,
    channelId: text.optional(),
    channelName: text.optional(),
    card: messageRef.optional(),
    announcement: messageRef.optional(),
    lastUpdate: z
      .object({ at: time, by: text, status, summary: text, next: text.optional(), nextUpdateAt: time.nullable() })
      .optional(),
    nextUpdateDue: time.nullable(),
    missedUpdates: z.number(),
    escalatedAt: time.optional(),
    mitigatedAt: time.optional(),
    resolution: z
      .object({
        at: time,
        by: text,
        summary: text,
        rootCause: text,
        preventive: text.optional(),
        actions: z.array(z.object({ text, owner: text.optional() })),
      })
      .optional(),
    postmortemIssue: z.object({ number: z.number(), url: text }).optional(),
    postmortemIssueError: text.optional(),
    postmortemIssueClaim: time.optional(),
    archiveAt: time.nullish(),
    archivePending: z.boolean().optional(),
    archivedAt: time.optional(),
    locks: z.array(text),
    setupProblems: z.array(
      z.union([
        text,
        z.object({ kind: z.literal('not-invited'), user: text, reason: text }),
        z.object({ kind: z.literal('group-unreadable'), group: text, reason: text }),
      ]),
    ),
    setupComplete: z.boolean().optional(),
    alert: z.object({ id: text, policy: text, startedAt: time, url: text.optional() }).optional(),
    lease: leaseSchema.optional(),
  }),
);

const severity = z.enum(['P0', 'P1', 'P2', 'P3']);
const role = z.enum(['commander', 'communications', 'scribe']);
const entry = { id: text, incidentId: text, at: time, actor: text, permalink: text.optional() };
const fact = <K extends string, S extends z.ZodRawShape>(kind: K, shape: S) =>
  z.object({ ...entry, kind: z.literal(kind), ...shape });

/** One schema per kind of fact, and one for an entry stored before entries had facts (its words). */
export const timelineEntrySchema = schemaOf<TimelineEntry>()(
  z.union([
    fact('declared', { severity, title: text, commander: text }),
    fact('status', { from: status, to: status, summary: text }),
    fact('severity', { from: severity, to: severity, locked: z.array(text), released: z.array(text) }),
    fact('role', { role, user: text, previous: text.optional() }),
    fact('deploy', {
      deploymentId: text,
      service: text,
      environment: text,
      outcome: z.enum(['succeeded', 'failed', 'rolled_back']),
      sha: text.optional(),
      commitTitle: text.optional(),
      revision: text.optional(),
    }),
    fact('rollback', { service: text, environment: text, ok: z.boolean(), revision: text }),
    fact('pinned', { text: text.optional() }),
    fact('reminder', { commander: text, missed: z.number() }),
    fact('escalation', { group: text, missed: z.number() }),
    fact('resolved', { durationMs: z.number(), summary: text }),
    fact('alert', {
      alertId: text,
      policy: text,
      state: z.enum(['open', 'closed']),
      summary: text.optional(),
      durationMs: z.number().optional(),
    }),
    z.object({
      ...entry,
      kind: z.enum([
        'declared',
        'status',
        'severity',
        'role',
        'deploy',
        'rollback',
        'reminder',
        'escalation',
        'resolved',
        'alert',
      ]),
      text,
    }),
  ]),
);

/** The last incident number given out: one record, so two declarations never share a number. */
export const incidentCounterSchema = z.object({ last: z.number() });
