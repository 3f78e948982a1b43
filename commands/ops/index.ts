import { renderHelp, renderProblem } from '../../blocks/help.js';
import { renderServiceStatus } from '../../blocks/ops-status.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { getServiceStatus } from '../../src/workflows/service-status.js';
import type { Feature, FeatureHost } from '../feature.js';
import { respondSafely } from '../shared/reply.js';
import { usageMessage } from '../shared/usage.js';
import { parseOps } from './parse.js';

export const opsFeature: Feature = { command: '/ops', register: registerOps };

function registerOps({ router, catalog }: FeatureHost, ctx: WorkflowContext): void {
  const help = { response_type: 'ephemeral' as const, ...renderHelp(catalog) }; // the catalog is fixed for the process
  router.command('/ops', async ({ command, ack, respond }) => {
    const request = parseOps(command.text);
    if (request.kind === 'help') return ack(help);
    if (request.kind === 'invalid')
      return ack({ response_type: 'ephemeral', ...usageMessage('/ops', request.problem) });

    const known = Object.keys(ctx.config.services);
    if (request.service && !known.includes(request.service)) {
      return ack({
        response_type: 'ephemeral',
        ...usageMessage('/ops', `Unknown service "${request.service}". Known services: ${known.join(', ')}.`),
      });
    }
    await ack();
    try {
      const statuses = await getServiceStatus(ctx, request.service);
      await respondSafely(
        respond,
        { response_type: 'in_channel', ...renderServiceStatus(statuses, ctx.config.timezone) },
        ctx.log,
      );
    } catch (error) {
      ctx.log.error({ err: error }, '/ops status failed');
      await respondSafely(
        respond,
        renderProblem(
          'The status check failed unexpectedly and nothing was changed. Try again; if it keeps failing, the bot logs say why.',
        ),
        ctx.log,
      );
    }
  });
}
