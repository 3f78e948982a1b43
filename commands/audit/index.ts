import { renderAuditReport } from '../../blocks/audit-report.js';
import { auditDigestRoute } from '../../src/app/audit-digest-route.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { runAuditDigest } from '../../src/workflows/audit/digest.js';
import { runAudit } from '../../src/workflows/audit/run-audit.js';
import type { Feature, FeatureHost } from '../feature.js';
import { attempt } from '../shared/attempt.js';
import { replyVia, respondSafely } from '../shared/reply.js';
import { usageMessage } from '../shared/usage.js';
import { parseAudit } from './parse.js';

/**
 * /audit [service | all]: the Security Audit Report, posted in the channel through response_url; the weekly
 * digest on the in-process schedule and POST /jobs/security-audit (exactly once between them).
 */
export const auditFeature: Feature = {
  command: '/audit',
  register({ router, jobs, routes }: FeatureHost, ctx: WorkflowContext) {
    router.command('/audit', async ({ command, ack, respond }) => {
      const request = parseAudit(command.text, Object.keys(ctx.config.services));
      if (request.kind === 'help')
        return ack({
          response_type: 'ephemeral',
          ...usageMessage('/audit', 'Security audit of rules, Cloud Run, Secret Manager and the bot’s own config.'),
        });
      if (request.kind === 'invalid')
        return ack({ response_type: 'ephemeral', ...usageMessage('/audit', request.problem) });
      const what = request.scope === 'all' ? 'everything in chatops.yml' : `service ${request.scope}`;
      await ack({ response_type: 'ephemeral', text: `:mag: Auditing ${what}: rules, Cloud Run, secrets, config…` });
      // The first audit loads the Google clients, which holds the event loop for a second or more: let the ack's
      // reader (the sandbox's Slack stand-in runs in this process) take it first.
      await new Promise((resolve) => setTimeout(resolve, 25));
      const reply = replyVia(respond, ctx.log);
      await attempt(ctx, reply, { outcome: 'The security audit could not be completed.' }, async () => {
        const report = await runAudit(ctx, request.scope);
        await ctx.store.appendAudit({
          actor: command.user_id,
          action: 'audit.run',
          target: `audit:${request.scope}`,
          details: { findings: report.findings.length, notChecked: report.notChecked.length },
        });
        await respondSafely(
          respond,
          { response_type: 'in_channel', ...renderAuditReport(report, ctx.config.timezone) },
          ctx.log,
        );
      });
    });
    const { digest } = ctx.config.audit;
    if (digest.enabled && digest.inProcess)
      jobs.cron({
        name: 'security-audit-digest',
        schedule: digest.schedule,
        timeZone: ctx.config.timezone,
        run: async (occurrence) =>
          ['posted', 'already-posted', 'failed'].includes((await runAuditDigest(ctx, occurrence, 'schedule')).status),
      });
    routes.job('/jobs/security-audit', auditDigestRoute(ctx));
  },
};
