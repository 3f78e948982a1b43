import type { AckFn, RespondArguments, RespondFn } from '@slack/bolt';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { usageMessage } from '../shared/usage.js';

/** What `/deploy`'s dispatcher hands a subcommand. `args` are the words after the subcommand's name (tokenised, quotes kept together). */
export interface SubcommandInput {
  ctx: WorkflowContext;
  userId: string;
  channelId: string;
  args: string[];
  ack: AckFn<string | RespondArguments>;
  respond: RespondFn;
}

/** Answers a usage problem in the ack, visible only to the caller. */
export async function ackUsage(input: SubcommandInput, problem: string): Promise<void> {
  await input.ack({ response_type: 'ephemeral', ...usageMessage('/deploy', problem) });
}
