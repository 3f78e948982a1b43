import type { Finding } from '../../domain/audit.js';
import type { WorkflowContext } from '../context.js';
import { type CheckOutcome, guarded } from './outcome.js';

/**
 * Secret Manager metadata of a project: a secret with no rotation schedule, one whose newest enabled version is
 * older than the rotation period, one with many enabled versions (old values still accepted).
 */

const DAY = 86_400_000;

export async function secretsCheck(ctx: WorkflowContext, project: string): Promise<CheckOutcome> {
  const check = `secrets:${project}`;
  return guarded(ctx.log, check, `Secret Manager secrets of ${project}`, 'roles/secretmanager.viewer', async (out) => {
    const now = ctx.clock.now().getTime();
    const { rotationDays, maxEnabledVersions } = ctx.config.audit.secrets;
    const days = (iso: string) => Math.floor((now - Date.parse(iso)) / DAY);
    for (const secret of await ctx.security.secrets.listSecrets(project)) {
      const finding = (severity: Finding['severity'], detail: Finding['detail']): Finding => ({
        key: `${detail.kind}:${project}:${secret.name}`,
        severity,
        check,
        project,
        detail,
      });
      const enabled = secret.versions.filter((v) => v.state === 'enabled');
      const newest = enabled[0];
      if (!secret.rotation)
        out.findings.push(
          finding('medium', {
            kind: 'secret-no-rotation',
            secret: secret.name,
            createdDaysAgo: days(secret.createTime),
          }),
        );
      if (newest && days(newest.createTime) > rotationDays)
        out.findings.push(
          finding('high', {
            kind: 'secret-overdue',
            secret: secret.name,
            version: newest.name,
            ageDays: days(newest.createTime),
            periodDays: rotationDays,
          }),
        );
      if (enabled.length > maxEnabledVersions)
        out.findings.push(
          finding('medium', {
            kind: 'secret-old-versions',
            secret: secret.name,
            enabled: enabled.length,
            max: maxEnabledVersions,
          }),
        );
    }
  });
}
