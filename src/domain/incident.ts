import type { Lease } from './lease.js';
import type { IncidentProblem, TimelineFact, WordedEntry } from './incident-facts.js';

/** An incident as the store records it. The incident workflow owns its life cycle; others (deploy) only read it. */
import { collection } from './collection.js';
import { incidentCounterSchema, incidentSchema, timelineEntrySchema } from './incident-schema.js';

export const SEVERITIES = ['P0', 'P1', 'P2', 'P3'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** The one-line meaning shown wherever a severity is picked. */
export const SEVERITY_MEANING: Record<Severity, string> = {
  P0: 'Critical: outage, data loss or a security breach; all hands',
  P1: 'Major: a key feature is down or badly degraded for many users',
  P2: 'Minor: partial degradation, a workaround exists',
  P3: 'Low: little or no customer impact',
};

/** P0 and P1 lock prod deploys of the affected services (unless config turns that off). */
export const LOCKING_SEVERITIES: ReadonlySet<Severity> = new Set(['P0', 'P1']);

export const STATUSES = ['investigating', 'identified', 'monitoring', 'resolved'] as const;
export type IncidentStatus = (typeof STATUSES)[number];

export const ROLES = ['commander', 'communications', 'scribe'] as const;
export type IncidentRole = (typeof ROLES)[number];
export const ROLE_NAME: Record<IncidentRole, string> = {
  commander: 'Incident commander',
  communications: 'Communications lead',
  scribe: 'Scribe',
};

export interface StatusUpdate {
  at: string;
  by: string;
  status: IncidentStatus;
  /** What changed since the last update. */
  summary: string;
  /** What we are doing now. */
  next?: string;
  /** When the next update is due (ISO), null when no update is expected. */
  nextUpdateAt: string | null;
}

export interface ActionItem {
  text: string;
  /** A Slack user ID when the line named one (`@sam`, `<@U…>`). */
  owner?: string;
}

export interface Resolution {
  at: string;
  by: string;
  /** The immediate fix. */
  summary: string;
  rootCause: string;
  preventive?: string;
  actions: ActionItem[];
}

export interface MessageRef {
  channel: string;
  ts: string;
  permalink?: string;
}

export interface Incident {
  /** "INC-7": the record ID, the lock holder's suffix (`incident:INC-7`) and the audit target's (`incident:INC-7`). */
  id: string;
  number: number;
  title: string;
  severity: Severity;
  status: IncidentStatus;
  /** False once resolved; the field open incidents are listed by. */
  open: boolean;
  services: string[];
  impact: string;
  roles: Partial<Record<IncidentRole, string>> & { commander: string };
  declaredBy: string;
  declaredAt: string;
  /** Set once the channel exists; `channelId` is the field incidents are found by. */
  channelId?: string;
  channelName?: string;
  /** The pinned card, updated in place. */
  card?: MessageRef;
  /** The announcement in the incidents channel. */
  announcement?: MessageRef;
  lastUpdate?: StatusUpdate;
  /** When the next status update is due (ISO); null for no reminders (P3, resolved). */
  nextUpdateDue: string | null;
  /** Reminders sent since the last update; the second one escalates. */
  missedUpdates: number;
  escalatedAt?: string;
  /** The first time the status reached monitoring (or resolved): the end of customer impact. */
  mitigatedAt?: string;
  resolution?: Resolution;
  postmortemIssue?: { number: number; url: string };
  /** Why the postmortem issue could not be opened, when it could not. */
  postmortemIssueError?: string;
  /** Until when one caller is opening the issue (so two never open two). */
  postmortemIssueClaim?: string;
  /** When the channel is to be archived (ISO); null or absent: never. */
  archiveAt?: string | null;
  /** True from resolution until the channel is archived: the field the archive job finds them by. */
  archivePending?: boolean;
  archivedAt?: string;
  /** IDs of the deploy lock records this incident holds. */
  locks: string[];
  /** What went wrong while setting the channel up (an invite that failed…), shown on the card. */
  setupProblems: IncidentProblem[];
  /** Channel, card and announcement are done. */
  setupComplete?: boolean;
  /** The alert it was declared from (src/workflows/alerts/): on the card, and its start is when it was detected. */
  alert?: IncidentAlert;
  /** While being set up: who sets it up, until when; after that the setup job takes over. */
  lease?: Lease;
}

export interface IncidentAlert {
  id: string;
  policy: string;
  startedAt: string;
  url?: string;
}

/** A status-update reminder the reminder job claimed, for the Slack side to post. */
export interface Reminder {
  incident: Incident;
  /** Updates missed in a row, this one included. */
  missed: number;
  /** When the missed update was due. */
  dueAt: string;
  /** Set when this reminder escalated: the group that was paged, and its members (invited to the channel). */
  escalatedTo?: string;
  escalatedMembers?: string[];
  /** Its timeline entry, to be linked to the reminder message. */
  entryId?: string;
}

/** One timeline entry: when, who, and what happened, as facts (entries written before facts hold words). */
export type TimelineEntry = {
  id: string;
  incidentId: string;
  /** ISO time of what happened. */
  at: string;
  /** Slack user ID, or "system". */
  actor: string;
  permalink?: string;
} & (TimelineFact | WordedEntry);

export const INCIDENTS = collection('incidents', incidentSchema);
export const INCIDENT_TIMELINE = collection('incident-timeline', timelineEntrySchema);
export const INCIDENT_COUNTERS = collection('incident-counters', incidentCounterSchema);

export const incidentLabel = (incident: Pick<Incident, 'number'>): string => `INC-${incident.number}`;
export const lockHolder = (incidentId: string): string => `incident:${incidentId}`;

/** Milliseconds from declaration to resolution (or to `now` while open). */
export function durationMs(incident: Incident, now: Date): number {
  const end = incident.resolution ? new Date(incident.resolution.at) : now;
  return Math.max(0, end.getTime() - new Date(incident.declaredAt).getTime());
}
