import type { DeploymentStatus } from './deployment.js';
import type { Incident, IncidentRole, IncidentStatus, Severity } from './incident.js';

/**
 * What the incident workflows report, as data: what happened (timeline facts), why they said no (refusals) and
 * what went wrong setting an incident up (problems). The Slack surface words them (blocks/incident-*.ts).
 */

/** One thing that happened, as the timeline records it. `kind` is also the entry's label. */
export type TimelineFact =
  | { kind: 'declared'; severity: Severity; title: string; commander: string }
  /** A status update; `from` equal to `to` is an update that kept the status. */
  | { kind: 'status'; from: IncidentStatus; to: IncidentStatus; summary: string }
  /** The prod deploy locks the change took and released come with it. */
  | { kind: 'severity'; from: Severity; to: Severity; locked: string[]; released: string[] }
  | { kind: 'role'; role: IncidentRole; user: string; previous?: string }
  | {
      kind: 'deploy';
      deploymentId: string;
      service: string;
      environment: string;
      outcome: Extract<DeploymentStatus, 'succeeded' | 'failed' | 'rolled_back'>;
      /** From the deploy's record, when it could be read. */
      sha?: string;
      commitTitle?: string;
      revision?: string;
    }
  | { kind: 'rollback'; service: string; environment: string; ok: boolean; revision: string }
  /** A message marked with 📌: its own text (Slack's format, may be empty); absent when it could not be read. */
  | { kind: 'pinned'; text?: string }
  /** The commander was reminded of an overdue update; `missed` counts this one. */
  | { kind: 'reminder'; commander: string; missed: number }
  | { kind: 'escalation'; group: string; missed: number }
  | { kind: 'resolved'; durationMs: number; summary: string }
  /** An alert on an affected service fired or resolved (src/workflows/alerts/); `durationMs` once it closed. */
  | { kind: 'alert'; alertId: string; policy: string; state: 'open' | 'closed'; summary?: string; durationMs?: number };

export type TimelineKind = TimelineFact['kind'];

/** An entry stored before entries carried their facts: the bot's sentence as it was written, still shown as it is. */
export interface WordedEntry {
  kind: Exclude<TimelineKind, 'pinned'>;
  text: string;
}

/**
 * Who may decide what about an incident (src/workflows/incident/authority.ts): a change that needs the commander
 * or a break-glass user.
 */
export type GuardedChange =
  | { kind: 'severity'; to: Severity }
  | { kind: 'resolve' }
  | { kind: 'commander'; to: string };

/** Why an incident workflow said no; nothing was changed. */
export type IncidentRefusal =
  /** `allowed`: the commander first, then the break-glass users. */
  | { kind: 'not-allowed'; incident: Incident; change: GuardedChange; allowed: string[] }
  | { kind: 'already-resolved'; incident: Incident };

/** Something the set-up of an incident's channel could not do; the incident stands all the same. */
export type SetupProblem =
  | { kind: 'not-invited'; user: string; reason: string }
  | { kind: 'group-unreadable'; group: string; reason: string };

/** A set-up problem, or one already in words: stored before problems were facts, or said by the Slack surface. */
export type IncidentProblem = SetupProblem | string;
