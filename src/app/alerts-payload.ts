import { z } from 'zod';
import type { AlertSignal } from '../domain/alert.js';

/**
 * Cloud Monitoring's webhook notification (schema version 1.2), read defensively: unknown fields are ignored, a
 * known optional field of the wrong type is dropped rather than failing the alert; only `incident.incident_id`
 * and `incident.state` are required. Pub/Sub channels deliver the same JSON base64-encoded in `message.data`.
 */

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
const scalar = z.union([z.string(), z.number()]).transform(String);
const labels = z.record(z.string(), scalar).catch({});
/** Epoch seconds (what Cloud Monitoring sends), as a number or a string, or an ISO time. */
const time = z.union([z.number(), z.string().min(1)]).transform((value, ctx) => {
  const ms = typeof value === 'number' || /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'expected epoch seconds or an ISO time' });
    return z.NEVER;
  }
  return new Date(ms).toISOString();
});
const httpUrl = z.string().refine((u) => /^https?:\/\/[^\s<>|]+$/.test(u));

const incident = z.object({
  incident_id: z.string({ error: 'missing: every notification names its incident' }).trim().min(1, 'is empty'),
  state: z
    .string({ error: 'missing: expected "open" or "closed"' })
    .transform((s) => s.toLowerCase())
    .pipe(z.enum(['open', 'closed'], { error: 'expected "open" or "closed"' })),
  policy_name: optional(z.string()),
  condition_name: optional(z.string()),
  summary: optional(z.string()),
  url: optional(httpUrl),
  started_at: optional(time),
  ended_at: optional(time.nullable()),
  severity: optional(z.string()),
  observed_value: optional(scalar),
  threshold_value: optional(scalar),
  resource: optional(z.object({ type: z.string().catch('unknown'), labels })),
  metric: optional(z.object({ type: optional(z.string()), displayName: optional(z.string()) })),
  policy_user_labels: optional(labels),
  documentation: optional(z.union([z.string(), z.object({ content: optional(z.string()) })])),
});

const notification = z.object({ version: optional(scalar), incident: z.object({}, { error: 'missing' }).loose() });

const envelope = z.object({ message: z.object({ data: z.string().min(1) }).loose() }).loose();

export type Parsed =
  | { ok: true; signal: AlertSignal; version?: string }
  /** `status` 400: the sender must fix it. `pubsub`: Pub/Sub delivered data it will never make better. */
  | { ok: false; problems: string[]; pubsub: boolean };

/** A notification body (or a Pub/Sub push envelope around one) as an alert signal; `now` when it names no start. */
export function parseAlertBody(body: unknown, now: Date): Parsed {
  const push = envelope.safeParse(body);
  if (push.success) {
    let data: unknown;
    try {
      data = JSON.parse(Buffer.from(push.data.message.data, 'base64').toString('utf8'));
    } catch {
      return { ok: false, problems: ['message.data: not base64-encoded JSON'], pubsub: true };
    }
    const parsed = parseNotification(data, now);
    return parsed.ok ? parsed : { ...parsed, problems: parsed.problems.map((p) => `message.data.${p}`), pubsub: true };
  }
  return parseNotification(body, now);
}

function parseNotification(body: unknown, now: Date): Parsed {
  const outer = notification.safeParse(body);
  if (!outer.success) return { ok: false, problems: describe(outer.error), pubsub: false };
  const inner = incident.safeParse(outer.data.incident);
  if (!inner.success) return { ok: false, problems: describe(inner.error, 'incident.'), pubsub: false };
  const i = inner.data;
  const doc = typeof i.documentation === 'string' ? i.documentation : i.documentation?.content;
  const metric = i.metric?.displayName ?? i.metric?.type;
  const startedAt = i.started_at ?? now.toISOString();
  const signal: AlertSignal = {
    source: 'monitoring',
    key: i.incident_id,
    state: i.state,
    policy: (i.policy_name?.trim() || 'Unnamed alerting policy').slice(0, 300),
    startedAt,
    labels: i.policy_user_labels ?? {},
    ...(i.condition_name ? { condition: i.condition_name.slice(0, 300) } : {}),
    ...(i.summary ? { summary: i.summary.slice(0, 1500) } : {}),
    ...(i.severity ? { severity: i.severity.slice(0, 40) } : {}),
    ...(i.observed_value ? { observed: i.observed_value.slice(0, 60) } : {}),
    ...(i.threshold_value ? { threshold: i.threshold_value.slice(0, 60) } : {}),
    ...(i.ended_at ? { endedAt: i.ended_at } : i.state === 'closed' ? { endedAt: now.toISOString() } : {}),
    ...(i.url ? { url: i.url } : {}),
    ...(i.resource ? { resource: i.resource } : {}),
    ...(metric ? { metric: metric.slice(0, 200) } : {}),
    ...(doc ? { documentation: doc.slice(0, 1500) } : {}),
  };
  return { ok: true, signal, ...(outer.data.version ? { version: outer.data.version } : {}) };
}

function describe(error: z.ZodError, prefix = ''): string[] {
  return error.issues.map((i) => `${prefix}${i.path.join('.') || 'body'}: ${i.message}`);
}
