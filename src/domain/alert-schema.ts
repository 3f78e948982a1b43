/** The shapes of stored alerts and silences, checked on every read (see collection.ts); alert.ts rules. */
import { z } from 'zod';
import { schemaOf } from './collection.js';
import { leaseSchema } from './deployment-schema.js';
import type { Alert, AlertSilence } from './alert.js';

const text = z.string();
const time = z.string();
const act = z.object({ by: text, at: time });

export const alertSchema = schemaOf<Alert>()(
  z.object({
    id: text,
    source: z.enum(['monitoring', 'budget', 'deploy']),
    key: text,
    state: z.enum(['open', 'closed']),
    policy: text,
    condition: text.optional(),
    summary: text.optional(),
    severity: text.optional(),
    observed: text.optional(),
    threshold: text.optional(),
    startedAt: time,
    endedAt: time.optional(),
    url: text.optional(),
    resource: z.object({ type: text, labels: z.record(text, text) }).optional(),
    metric: text.optional(),
    labels: z.record(text, text),
    documentation: text.optional(),
    service: text.optional(),
    environment: text.optional(),
    channel: text,
    route: z.enum(['card', 'incident', 'silenced']),
    receivedAt: time,
    updatedAt: time,
    deliveries: z.number(),
    closedFirst: z.boolean().optional(),
    card: z.object({ channel: text, ts: text }).optional(),
    incidentId: text.optional(),
    acknowledged: act.optional(),
    silenced: act.extend({ until: time }).optional(),
    declared: act.extend({ incidentId: text, auto: z.boolean() }).optional(),
    lease: leaseSchema.optional(),
  }),
);

export const alertSilenceSchema = schemaOf<AlertSilence>()(
  z.object({ id: text, policy: text, service: text.optional(), until: time, by: text, at: time }),
);
