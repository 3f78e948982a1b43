import { type AuditReport, type Finding, recordId } from '../../domain/audit.js';
import type { WorkflowContext } from '../context.js';
import { AUDIT_FINDINGS, type StoredFinding } from './collections.js';

/**
 * Keeps the findings in the store: a new one is opened, one seen again is touched, and an open one that a check
 * which ran no longer finds is resolved. A check that could not run resolves nothing. Returns what changed.
 */
export async function recordFindings(
  ctx: WorkflowContext,
  report: AuditReport,
): Promise<{ opened: Finding[]; resolved: Finding[] }> {
  const now = report.at;
  const opened: Finding[] = [];
  const resolved: Finding[] = [];
  const found = new Map(report.findings.map((f) => [recordId(f.key), f]));
  const stored = await ctx.store.list(AUDIT_FINDINGS, { where: { state: 'open' } });
  const openIds = new Set(stored.map((s) => s.id));
  const ran = new Set(report.checked);
  for (const record of stored) {
    const finding = record.data.finding;
    const inScope = report.scope === 'all' || !finding.service || finding.service === report.scope;
    if (found.has(record.id) || !ran.has(finding.check) || !inScope) continue;
    const done = await ctx.store.compareAndSet(AUDIT_FINDINGS, record.id, record.version, {
      ...record.data,
      state: 'resolved',
      resolvedAt: now,
    });
    if (done) resolved.push(finding);
  }
  for (const [id, finding] of found) {
    const fresh: StoredFinding = {
      finding,
      state: 'open',
      service: finding.service ?? '',
      severity: finding.severity,
      firstSeen: now,
      lastSeen: now,
    };
    if (await ctx.store.create(AUDIT_FINDINGS, id, fresh)) {
      opened.push(finding);
      continue;
    }
    const current = await ctx.store.get(AUDIT_FINDINGS, id);
    if (!current) continue;
    const reopened = current.data.state === 'resolved';
    const next: StoredFinding = {
      ...current.data,
      finding,
      severity: finding.severity,
      state: 'open',
      lastSeen: now,
      ...(reopened ? { firstSeen: now, resolvedAt: undefined } : {}),
    };
    if ((await ctx.store.compareAndSet(AUDIT_FINDINGS, id, current.version, next)) && reopened && !openIds.has(id))
      opened.push(finding);
  }
  if (opened.length > 0 || resolved.length > 0)
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'audit.findings',
      target: `audit:${report.scope}`,
      details: { opened: opened.map((f) => f.key), resolved: resolved.map((f) => f.key) },
    });
  return { opened, resolved };
}

/** The open CRITICAL findings about one service (the prod Deployment Plan's checklist). */
export async function openCriticalFindings(ctx: WorkflowContext, service: string): Promise<Finding[]> {
  const stored = await ctx.store.list(AUDIT_FINDINGS, { where: { state: 'open', service, severity: 'critical' } });
  return stored.map((s) => s.data.finding);
}
