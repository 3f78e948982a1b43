import { renderDeployHistory } from '../../blocks/deploy-history.js';
import { deployHistory } from '../../src/workflows/history.js';
import { checkTarget } from '../../src/workflows/targets.js';
import { attempt } from '../shared/attempt.js';
import { replyVia, respondSafely } from '../shared/reply.js';
import { ackUsage, type SubcommandInput } from './subcommand.js';

/** `/deploy history <service> [env]`: the last 10 deploys, posted in the channel. */
export async function historyCommand(input: SubcommandInput): Promise<void> {
  const { ctx, respond } = input;
  const [service, environment, ...extra] = input.args;
  if (!service) return ackUsage(input, 'Name the service, e.g. `/deploy history api prod`.');
  if (extra.length > 0)
    return ackUsage(
      input,
      `\`/deploy history\` takes a service and at most one environment, got ${input.args.length} words.`,
    );
  const unknown = checkTarget(ctx.config.services, service, environment);
  if (unknown) return ackUsage(input, unknown);
  await input.ack();
  await attempt(ctx, replyVia(respond, ctx.log), 'read the deploy history', async () => {
    const deploys = await deployHistory(ctx, service, environment);
    await respondSafely(
      respond,
      {
        response_type: 'in_channel',
        ...renderDeployHistory({ service, environment, deploys, timeZone: ctx.config.timezone, now: ctx.clock.now() }),
      },
      ctx.log,
    );
  });
}
