import { renderDeployHistory } from '../../blocks/deploy-history.js';
import { renderProblem } from '../../blocks/help.js';
import { deployHistory } from '../../src/workflows/history.js';
import { respondSafely } from '../shared/reply.js';
import { ackUsage, checkTarget, type SubcommandInput } from './subcommand.js';

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
  const target = checkTarget(ctx, service, environment);
  if ('problem' in target) return ackUsage(input, target.problem);
  await input.ack();
  try {
    const deploys = await deployHistory(ctx, service, environment);
    await respondSafely(
      respond,
      {
        response_type: 'in_channel',
        ...renderDeployHistory({ service, environment, deploys, timeZone: ctx.config.timezone, now: ctx.clock.now() }),
      },
      ctx.log,
    );
  } catch (error) {
    ctx.log.error({ err: error }, '/deploy history failed');
    await respondSafely(
      respond,
      renderProblem('The deploy history could not be read because the store did not answer. Try again in a minute.'),
      ctx.log,
    );
  }
}
