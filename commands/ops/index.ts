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

export const opsFeature: Feature = { command: '/ops', register: registerOps };

function registerOps({ router, catalog }: FeatureHost, ctx: WorkflowContext): void {
  const help = { response_type: 'ephemeral' as const, ...renderHelp(catalog) }; // the catalog is fixed for the process
  router.command('/ops', async ({ command, ack, respond }) => {
    const request = parseOps(command.text);
    if (request.kind === 'help') return ack(help);
    if (request.kind === 'invalid')
      return ack({ response_type: 'ephemeral', ...usageMessage('/ops', request.problem) });

    if (request.kind === 'demo-alert') {
      await ack();
      return attempt(ctx, replyVia(respond, ctx.log), 'fire the demo alert', async () =>
        respondSafely(respond, { response_type: 'ephemeral', ...(await fireDemoAlert(ctx, request)) }, ctx.log),
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
