import { type AuditReport, bySeverity } from '../../domain/audit.js';
import type { WorkflowContext } from '../context.js';
import { botCheck } from './bot-check.js';
import { merge } from './outcome.js';
import { recordFindings } from './record.js';
import { rulesCheck } from './rules-check.js';
import { runCheck } from './run-check.js';
import { secretsCheck } from './secrets-check.js';
import { auditScope } from './targets.js';

/**
 * One security audit: every check in parallel, each on its own (a failing one becomes a "not checked" line with
 * the role to grant), then the findings are recorded. `scope` is 'all' or a service of the config.
 */
export async function runAudit(
  ctx: WorkflowContext,
  scope: string,
): Promise<AuditReport & { opened: AuditReport['findings']; resolved: AuditReport['findings'] }> {
  const target = auditScope(ctx, scope);
  const outcomes = await Promise.all([
    ...target.projects.map((p) => rulesCheck(ctx, p)),
    ...target.services.map((s) => runCheck(ctx, s)),
    ...target.projects.map((p) => secretsCheck(ctx, p)),
  ]);
  const all = merge([...outcomes, botCheck(ctx, scope)]);
  const report: AuditReport = {
    scope,
    projects: target.projects,
    at: ctx.clock.now().toISOString(),
    findings: dedupe(all.findings).sort(bySeverity),
    notChecked: all.notChecked,
    ruleChanges: all.ruleChanges,
    checked: all.checked,
  };
  const changes = await recordFindings(ctx, report);
  ctx.log.info(
    { scope, findings: report.findings.length, notChecked: report.notChecked.length, ...countsOf(changes) },
    'security audit done',
  );
  return { ...report, ...changes };
}

const dedupe = <T extends { key: string }>(items: T[]): T[] => [...new Map(items.map((i) => [i.key, i])).values()];
const countsOf = (c: { opened: unknown[]; resolved: unknown[] }) => ({
  opened: c.opened.length,
  resolved: c.resolved.length,
});
