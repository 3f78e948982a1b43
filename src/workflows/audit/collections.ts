/** The audit's store collections: findings (open and resolved), the rulesets seen, and the digests. */
import { z } from 'zod';
import type { Finding } from '../../domain/audit.js';
import { collection, schemaOf } from '../../domain/collection.js';
import { leaseSchema } from '../../domain/deployment-schema.js';
import type { Lease } from '../../domain/lease.js';

const text = z.string();
const time = z.string();

export interface StoredFinding {
  finding: Finding;
  state: 'open' | 'resolved';
  /** Top-level copies for the store's equality filters (the prod plan's checklist). */
  service: string;
  severity: Finding['severity'];
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
}

export interface SeenRelease {
  project: string;
  release: string;
  rulesetName: string;
  updateTime: string;
  seenAt: string;
}

export interface AuditDigestRecord {
  occurrence: string;
  state: 'running' | 'retry' | 'posted' | 'failed';
  trigger: 'schedule' | 'http';
  attempts: number;
  lease?: Lease;
  lastError?: string;
  message?: { channel: string; ts: string };
  postedAt?: string;
}

const severity = z.enum(['critical', 'high', 'medium', 'low']);
/** The finding's detail is a union of many shapes; its kind is checked here, the rest by the code that wrote it. */
const detail = z.custom<Finding['detail']>(
  (v) => typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string',
  'expected a finding detail with a kind',
);
const findingSchema = schemaOf<Finding>()(
  z.object({
    key: text,
    severity,
    check: text,
    project: text.optional(),
    service: text.optional(),
    detail,
  }),
);

const storedFindingSchema = schemaOf<StoredFinding>()(
  z.object({
    finding: findingSchema,
    state: z.enum(['open', 'resolved']),
    service: text,
    severity,
    firstSeen: time,
    lastSeen: time,
    resolvedAt: time.optional(),
  }),
);

const seenReleaseSchema = schemaOf<SeenRelease>()(
  z.object({ project: text, release: text, rulesetName: text, updateTime: time, seenAt: time }),
);

const digestSchema = schemaOf<AuditDigestRecord>()(
  z.object({
    occurrence: time,
    state: z.enum(['running', 'retry', 'posted', 'failed']),
    trigger: z.enum(['schedule', 'http']),
    attempts: z.number(),
    lease: leaseSchema.optional(),
    lastError: text.optional(),
    message: z.object({ channel: text, ts: text }).optional(),
    postedAt: time.optional(),
  }),
);

export const AUDIT_FINDINGS = collection('audit-findings', storedFindingSchema);
export const AUDIT_RELEASES = collection('audit-releases', seenReleaseSchema);
export const AUDIT_DIGESTS = collection('audit-digests', digestSchema);
