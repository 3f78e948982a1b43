import { digestKey } from '../cost/digest.js';
import type { WorkflowContext } from '../context.js';
import { claimLease, type LeaseTerms } from '../lease.js';
import { AUDIT_DIGESTS, type AuditDigestRecord } from './collections.js';
import { runAudit } from './run-audit.js';

/**
 * The weekly security digest, exactly once per scheduled occurrence whatever the number of instances and
 * triggers (the in-process schedule, POST /jobs/security-audit): the occurrence is claimed under a lease in the
 * store, as the cost digest's is; the audit runs and records its findings, and the new and resolved ones are
 * posted. A failed attempt is retried by the next trigger, at most MAX_ATTEMPTS times, then told in the channel.
 */

export type AuditDigestStatus = 'posted' | 'already-posted' | 'in-progress' | 'retry-scheduled' | 'failed';
const TERMS: LeaseTerms<AuditDigestRecord> = { collection: AUDIT_DIGESTS, noun: 'security digest', ms: 5 * 60_000 };
const MAX_ATTEMPTS = 3;

export async function runAuditDigest(
  ctx: WorkflowContext,
  occurrence: Date,
  trigger: AuditDigestRecord['trigger'],
): Promise<{ status: AuditDigestStatus; key: string; error?: string }> {
  const key = digestKey(occurrence, ctx.config.timezone);
  const now = ctx.clock.now();
  let refusal: AuditDigestStatus | undefined;
  const held = await claimLease<AuditDigestRecord>(ctx, TERMS, key, {
    now,
    owner: `${ctx.instanceId}:${trigger}:${now.getTime()}`,
    expiredOnly: true,
    create: { occurrence: occurrence.toISOString(), state: 'running', trigger, attempts: 1 },
    take: (d) => {
      refusal = d.state === 'posted' ? 'already-posted' : d.state === 'failed' ? 'failed' : undefined;
      if (!refusal) Object.assign(d, { state: 'running', trigger, attempts: d.attempts + 1 });
      return !refusal;
    },
  });
  if (!held) return { status: refusal ?? 'in-progress', key };
  const channel = ctx.config.audit.digest.channel ?? ctx.config.channels.deploys;
  try {
    const report = await runAudit(ctx, 'all');
    const message = await ctx.auditPublisher.postDigest(channel, {
      report,
      opened: report.opened,
      resolved: report.resolved,
    });
    await held.complete(
      (d) =>
        void Object.assign(d, {
          state: 'posted',
          message,
          postedAt: ctx.clock.now().toISOString(),
          lastError: undefined,
        }),
    );
    await ctx.store.appendAudit({
      actor: 'system',
      action: 'audit.digest',
      target: `audit-digest:${key}`,
      details: { trigger, attempts: held.record.attempts, findings: report.findings.length, message },
    });
    return { status: 'posted', key };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    ctx.log.error({ err: error, digest: key }, 'security digest attempt failed');
    const last = held.record.attempts >= MAX_ATTEMPTS;
    await held
      .complete((d) => void Object.assign(d, { state: last ? 'failed' : 'retry', lastError: reason }))
      .catch((e: unknown) => ctx.log.warn({ err: e }, 'security digest: could not record the failed attempt'));
    if (!last) return { status: 'retry-scheduled', key, error: reason };
    await ctx.auditPublisher
      .postNotice(
        channel,
        `The weekly security digest could not be posted after ${held.record.attempts} attempts. Run /audit all for the report.`,
      )
      .catch((e: unknown) => ctx.log.error({ err: e }, 'security digest: could not post the failure notice'));
    return { status: 'failed', key, error: reason };
  }
}
