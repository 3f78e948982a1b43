import type { PlanCheck } from '../../domain/deployment.js';
import { Refusal } from '../../domain/errors.js';
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
    throw new Refusal(
      `${service} has ${findings.length} open CRITICAL security finding(s) (${kinds}) and audit.gateProdDeploys is on. Fix them (/audit ${service} shows how), or use --force "reason" (break-glass).`,
    );
  return [
    { name, mark: 'warn', detail: forced && ctx.config.audit.gateProdDeploys ? `forced past: ${detail}` : detail },
  ];
}
