import { costDigestRoute } from '../../src/app/cost-digest-route.js';
import type { Router } from '../../src/app/router.js';
import { renderCostReport } from '../../blocks/cost.js';
import { dayInZone } from '../../src/domain/cost.js';
import { Refusal } from '../../src/domain/errors.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { resolvePeriod } from '../../src/workflows/cost/periods.js';
import { buildCostReport } from '../../src/workflows/cost/report.js';
import { runCostDigest, type DigestStatus } from '../../src/workflows/cost/digest.js';
import type { Feature, FeatureHost } from '../feature.js';
import { attempt } from '../shared/attempt.js';
import { replyVia, respondSafely } from '../shared/reply.js';
import { usageMessage } from '../shared/usage.js';
import { parseCost } from './parse.js';

export const costFeature: Feature = {
  command: '/cost',
  register({ router, jobs, routes }: FeatureHost, ctx: WorkflowContext) {
    registerCost(router, ctx);
    const { digest } = ctx.config.cost;
    if (digest.enabled && digest.inProcess)
      jobs.cron({
        name: 'cost-digest',
        schedule: digest.schedule,
        timeZone: ctx.config.timezone,
        run: async (occurrence) => DIGEST_SETTLED.includes((await runCostDigest(ctx, occurrence, 'schedule')).status),
      });
    routes.job('/jobs/cost-digest', costDigestRoute(ctx));
  },
};

/** A digest run after which the in-process trigger leaves that week alone. */
const DIGEST_SETTLED: DigestStatus[] = ['posted', 'already-posted', 'failed'];

/**
 * /cost: bad input is answered in the ack; otherwise the ack says the report is on its way, the report is
 * posted in the channel through response_url, and the chart is uploaded below it.
 */
function registerCost(router: Router, ctx: WorkflowContext): void {
  router.command('/cost', async ({ command, ack, respond }) => {
    const request = parseCost(command.text);
    if (request.kind === 'help')
      return ack({
        response_type: 'ephemeral',
        ...usageMessage('/cost', 'Cost report for a period, against the monthly budget.'),
      });
    if (request.kind === 'invalid')
      return ack({ response_type: 'ephemeral', ...usageMessage('/cost', request.problem) });
    let label: string;
    try {
      label = resolvePeriod(request.period, dayInZone(ctx.clock.now(), ctx.config.timezone)).period.label;
    } catch (error) {
      if (error instanceof Refusal) return ack({ response_type: 'ephemeral', ...usageMessage('/cost', error.message) });
      throw error;
    }
    await ack({ response_type: 'ephemeral', text: `:hourglass_flowing_sand: Building the cost report for ${label}…` });
    const reply = replyVia(respond, ctx.log);
    await attempt(ctx, reply, { outcome: 'The cost report could not be built.' }, async () => {
      const report = await buildCostReport(ctx, request);
      await respondSafely(respond, { response_type: 'in_channel', ...renderCostReport(report) }, ctx.log);
      await attempt(ctx, reply, 'post the chart', () => ctx.costPublisher.postChart(command.channel_id, report));
    });
  });
}
