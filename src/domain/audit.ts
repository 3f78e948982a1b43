/**
 * The security audit's facts: findings with their evidence (never a secret value), what could not be checked,
 * and how the released rules changed. blocks/audit-*.ts words them.
 */

export type Severity = 'critical' | 'high' | 'medium' | 'low';
export const SEVERITIES: Severity[] = ['critical', 'high', 'medium', 'low'];

/** Where a rule lives: the release (cloud.firestore, firebase.storage/<bucket>), its file, line and match path. */
export interface RuleSite {
  release: string;
  file: string;
  line: number;
  match: string;
}

/** A request tried against the released rules in the Firestore emulator, and what the rules decided. */
export interface ProbeEvidence {
  release: string;
  collection: string;
  who: 'anonymous' | 'stranger';
  operation: 'read' | 'write';
  /** e.g. "GET /v1/projects/p/databases/(default)/documents/orders/audit-probe" */
  request: string;
  /** The emulator's answer: "200", "404 (allowed; no such document)", "403 PERMISSION_DENIED". */
  decision: string;
}

/** A Cloud Run service's address in the audit: the config's name, the environment and the location. */
export interface RunSite {
  service: string;
  environments: string[];
  location: string;
}

export type FindingDetail =
  | { kind: 'rules-open'; site: RuleSite; condition: string; operations: string }
  | { kind: 'rules-test-mode'; site: RuleSite; until: string; daysLeft: number }
  | { kind: 'rules-expired'; site: RuleSite; until: string; daysAgo: number }
  | { kind: 'rules-probe'; probe: ProbeEvidence }
  | { kind: 'run-public'; site: RunSite; members: string[]; invokerIamDisabled: boolean }
  | { kind: 'run-ingress'; site: RunSite; ingress: string }
  | {
      kind: 'run-plaintext-secret';
      site: RunSite;
      variable: string;
      container: string;
      fingerprint: string;
      why: 'name' | 'entropy';
    }
  | { kind: 'secret-no-rotation'; secret: string; createdDaysAgo: number }
  | { kind: 'secret-overdue'; secret: string; version: string; ageDays: number; periodDays: number }
  | { kind: 'secret-old-versions'; secret: string; enabled: number; max: number }
  | { kind: 'bot-prod-no-approval'; service: string; environment: string }
  | { kind: 'bot-self-approval' }
  | { kind: 'bot-break-glass'; count: number; max: number }
  | { kind: 'bot-jobs-no-oidc'; endpoints: string[] };

export type FindingKind = FindingDetail['kind'];

export interface Finding {
  /** Stable across audits: the same problem in the same place has the same key (new and resolved are by key). */
  key: string;
  severity: Severity;
  /** The check that found it: only a check that ran may resolve its findings. */
  check: string;
  project?: string;
  /** The config's service name, for findings about one service (the prod plan's checklist reads these). */
  service?: string;
  detail: FindingDetail;
}

/** A check that could not run, why, and the role that would let it. */
export interface NotChecked {
  check: string;
  what: string;
  reason: string;
  role?: string;
}

/** A released ruleset that changed since the last audit. */
export interface RuleChange {
  project: string;
  release: string;
  from: string;
  to: string;
  at: string;
  /** Unified-diff lines ("+ …", "- …", "  …"), clipped. */
  diff: string[];
}

export interface AuditReport {
  /** 'all', or the service the audit was limited to. */
  scope: string;
  projects: string[];
  at: string;
  findings: Finding[];
  notChecked: NotChecked[];
  ruleChanges: RuleChange[];
  /** The checks that ran, e.g. "rules:demo-project". */
  checked: string[];
}

/** What a digest adds: the findings new since the last audit, and those resolved since. */
export interface AuditDigest {
  report: AuditReport;
  opened: Finding[];
  resolved: Finding[];
}

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export const bySeverity = (a: Finding, b: Finding): number =>
  RANK[a.severity] - RANK[b.severity] || a.key.localeCompare(b.key);

export function countBySeverity(findings: Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** A store ID from a finding key: no "/", bounded length. */
export function recordId(key: string): string {
  const clean = key.replace(/[^A-Za-z0-9._:@-]+/g, '_');
  return clean.length <= 200 ? clean : `${clean.slice(0, 180)}~${hashOf(key)}`;
}

function hashOf(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(16);
}
