import type { Finding, RunSite } from '../../domain/audit.js';
import type { WorkflowContext } from '../context.js';
import { type CheckOutcome, guarded } from './outcome.js';
import { locationText, type RunTarget } from './targets.js';

/**
 * A Cloud Run service: public when roles/run.invoker goes to allUsers or allAuthenticatedUsers, or the invoker
 * check is off, unless the config marks it public; ingress from everywhere when it is marked internal; and literal
 * environment variables that look like secrets (name and fingerprint only).
 */

const PUBLIC_MEMBERS = ['allUsers', 'allAuthenticatedUsers'];

export async function runCheck(ctx: WorkflowContext, target: RunTarget): Promise<CheckOutcome> {
  const location = locationText(target.location);
  const check = `run:${location}`;
  return guarded(ctx.log, check, `Cloud Run service ${location}`, 'roles/run.viewer', async (out) => {
    const exposure = await ctx.security.exposure.read(target.location);
    const site: RunSite = { service: target.service, environments: target.environments, location };
    const finding = (severity: Finding['severity'], detail: Finding['detail'], key: string): Finding => ({
      key: `${detail.kind}:${location}${key}`,
      severity,
      check,
      project: target.location.project,
      service: target.service,
      detail,
    });
    const { audit } = ctx.config;
    const members = exposure.invokers.filter((m) => PUBLIC_MEMBERS.includes(m));
    if ((members.length > 0 || exposure.invokerIamDisabled) && !audit.publicServices.includes(target.service)) {
      const anyone = members.includes('allUsers') || exposure.invokerIamDisabled;
      out.findings.push(
        finding(
          anyone ? 'critical' : 'high',
          { kind: 'run-public', site, members, invokerIamDisabled: exposure.invokerIamDisabled },
          '',
        ),
      );
    }
    if (exposure.ingress === 'INGRESS_TRAFFIC_ALL' && audit.internalServices.includes(target.service))
      out.findings.push(finding('medium', { kind: 'run-ingress', site, ingress: exposure.ingress }, ''));
    for (const literal of exposure.literals) {
      if (!literal.secretLike) continue;
      out.findings.push(
        finding(
          'high',
          {
            kind: 'run-plaintext-secret',
            site,
            variable: literal.name,
            container: literal.container,
            fingerprint: literal.fingerprint,
            why: literal.secretLike,
          },
          `:${literal.container}:${literal.name}`,
        ),
      );
    }
  });
}
