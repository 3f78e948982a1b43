import { renderProblem } from '../../blocks/help.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { type Attempted, explain } from './failure.js';
import type { Reply } from './reply.js';

/** Runs a piece of work after the ack; a failure is told to the user through `reply`, never thrown at Slack. */
export async function attempt(
  ctx: WorkflowContext,
  reply: Reply,
  attempted: Attempted,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    await reply(renderProblem(explain(error, ctx, attempted))).catch((e: unknown) =>
      ctx.log.error({ err: e }, 'could not tell the user about a failure'),
    );
  }
}
