import type { Finding } from '../../domain/audit.js';
import type { WorkflowContext } from '../context.js';
import { type CheckOutcome, emptyOutcome } from './outcome.js';

/** The bot's own configuration: prod without approval, self-approval, a long break-glass list, jobs without OIDC. */

export function botCheck(ctx: WorkflowContext, scope: string): CheckOutcome {
  const out = emptyOutcome();
  const check = 'bot';
  const push = (severity: Finding['severity'], detail: Finding['detail'], key: string, service?: string) =>
    out.findings.push({ key: `${detail.kind}${key}`, severity, check, ...(service ? { service } : {}), detail });
  const { deploy, audit, services } = ctx.config;
  for (const [service, svc] of Object.entries(services)) {
    if (scope !== 'all' && scope !== service) continue;
    const prod = svc.environments.prod;
    if (prod && !prod.requiresApproval)
      push('high', { kind: 'bot-prod-no-approval', service, environment: 'prod' }, `:${service}`, service);
  }
  if (deploy.allowSelfApproval) push('medium', { kind: 'bot-self-approval' }, '');
  if (deploy.breakGlass.length > audit.maxBreakGlass)
    push('medium', { kind: 'bot-break-glass', count: deploy.breakGlass.length, max: audit.maxBreakGlass }, '');
  const open = ctx.security.jobEndpoints.filter((e) => e.sharedSecret && !e.oidc).map((e) => e.path);
  if (open.length > 0) push('medium', { kind: 'bot-jobs-no-oidc', endpoints: open }, '');
  out.checked.push(check);
  return out;
}
