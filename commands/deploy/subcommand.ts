import type { AckFn, RespondArguments, RespondFn } from '@slack/bolt';
import { z } from 'zod';
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

const name = z.string().regex(/^[a-z][a-z0-9-]{0,62}$/);
export const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** A configured service, and environment when given; otherwise the problem, naming what is known. */
export function checkTarget(
  ctx: WorkflowContext,
  service: string,
  environment?: string,
): { problem: string } | { service: string; environment?: string } {
  if (!name.safeParse(service).success) return { problem: `"${clip(service)}" is not a service name.` };
  const services = ctx.config.services;
  const config = services[service];
  if (!config) return { problem: `Unknown service "${service}". Known services: ${Object.keys(services).join(', ')}.` };
  if (environment === undefined) return { service };
  const known = Object.keys(config.environments);
  if (!name.safeParse(environment).success || !known.includes(environment))
    return {
      problem: `Unknown environment "${clip(environment)}" for ${service}. Known environments: ${known.join(', ')}.`,
    };
  return { service, environment };
}

/** Answers a usage problem in the ack, visible only to the caller. */
export async function ackUsage(input: SubcommandInput, problem: string): Promise<void> {
  await input.ack({ response_type: 'ephemeral', ...usageMessage('/deploy', problem) });
}
