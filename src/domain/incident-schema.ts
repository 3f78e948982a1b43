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
    setupProblems: z.array(text),
    setupComplete: z.boolean().optional(),
    lease: leaseSchema.optional(),
  }),
);

export const timelineEntrySchema = schemaOf<TimelineEntry>()(
  z.object({
    id: text,
    incidentId: text,
    at: time,
    actor: text,
    kind: z.enum([
      'declared',
      'status',
      'severity',
      'role',
      'deploy',
      'rollback',
      'pinned',
      'reminder',
      'escalation',
      'resolved',
    ]),
    text,
    permalink: text.optional(),
  }),
);

/** The last incident number given out: one record, so two declarations never share a number. */
export const incidentCounterSchema = z.object({ last: z.number() });
