import type { PlanCheck } from '../../domain/deployment.js';
import { Refused } from '../../domain/refusals.js';
import type { WorkflowContext } from '../context.js';
import { openCriticalFindings } from './record.js';

/**
 * The prod Deployment Plan's line for the security audit: the open CRITICAL findings on the service (as the last
 * audit recorded them). A warning; with audit.gateProdDeploys a refusal, which break-glass (--force) passes.
 */
export async function auditPlanChecks(
  ctx: WorkflowContext,
  service: string,
  environment: string,
  forced: boolean,
): Promise<PlanCheck[]> {
  if (environment !== 'prod') return [];
  const name = 'No open CRITICAL security finding';
  const findings = await openCriticalFindings(ctx, service).catch((error: unknown) => {
    ctx.log.warn({ err: error }, 'deploy plan: the security findings could not be read');
    return undefined;
  });
  if (!findings) return [{ name, mark: 'warn', detail: 'unknown: the stored audit findings could not be read' }];
  // No line when none is open: the checklist names problems, and a project never audited has nothing to say.
  if (findings.length === 0) return [];
  const kinds = [...new Set(findings.map((f) => f.detail.kind))].join(', ');
  const detail = `${findings.length} open (${kinds}): run /audit ${service} for the evidence and fixes`;
  if (ctx.config.audit.gateProdDeploys && !forced)
    throw new Refused({
      kind: 'security-findings',
      service,
      count: findings.length,
      findings: [...new Set(findings.map((f) => f.detail.kind))],
    });
  return [
    { name, mark: 'warn', detail: forced && ctx.config.audit.gateProdDeploys ? `forced past: ${detail}` : detail },
  ];
}
