import { renderServiceStatus } from '../../blocks/ops-status.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { getServiceStatus } from '../../src/workflows/service-status.js';
import type { Feature, FeatureHost } from '../feature.js';
import { renderHelp } from '../../blocks/help.js';
import { checkTarget } from '../../src/workflows/targets.js';
import { attempt } from '../shared/attempt.js';
import { replyVia, respondSafely } from '../shared/reply.js';
import { usageMessage } from '../shared/usage.js';
import { parseOps } from './parse.js';
import { fireDemoAlert } from '../alerts/demo.js';
import { fireDemoBudget } from '../alerts/demo-budget.js';

export const opsFeature: Feature = { command: '/ops', register: registerOps };

function registerOps({ router, catalog }: FeatureHost, ctx: WorkflowContext): void {
  const help = { response_type: 'ephemeral' as const, ...renderHelp(catalog) }; // the catalog is fixed for the process
  router.command('/ops', async ({ command, ack, respond }) => {
    const request = parseOps(command.text);
    if (request.kind === 'help') return ack(help);
    if (request.kind === 'invalid')
      return ack({ response_type: 'ephemeral', ...usageMessage('/ops', request.problem) });

    if (request.kind === 'demo-alert' || request.kind === 'demo-budget') {
      await ack();
      const alert = request.kind === 'demo-alert';
      const fire = () => (alert ? fireDemoAlert(ctx, request) : fireDemoBudget(ctx));
      return attempt(
        ctx,
        replyVia(respond, ctx.log),
        alert ? 'fire the demo alert' : 'send the demo budget',
        async () => respondSafely(respond, { response_type: 'ephemeral', ...(await fire()) }, ctx.log),
      );
    }
    const unknown = request.service === undefined ? undefined : checkTarget(ctx.config.services, request.service);
    if (unknown) return ack({ response_type: 'ephemeral', ...usageMessage('/ops', unknown) });
    await ack();
    const reply = replyVia(respond, ctx.log);
    await attempt(ctx, reply, 'check the status', async () => {
      const statuses = await getServiceStatus(ctx, request.service);
      await respondSafely(
        respond,
        { response_type: 'in_channel', ...renderServiceStatus(statuses, ctx.config.timezone) },
        ctx.log,
      );
    });
  });
}
