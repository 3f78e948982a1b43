import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Router } from '../../src/app/router.js';
import { renderProblem } from '../../blocks/help.js';
import { renderRollback } from '../../blocks/rollback.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { rollback } from '../../src/workflows/deploy/rollback.js';
import { explain } from '../deploy/explain.js';
import type { Feature } from '../feature.js';
import { respondSafely } from '../shared/reply.js';
import { tokenize } from '../shared/tokenize.js';
import { usageMessage } from '../shared/usage.js';

/** The "Roll back" button other features render (the incident card): value {"service","environment"}. */
export const ROLLBACK_ACTION = 'rollback.start';

export const rollbackFeature: Feature = {
  command: '/rollback',
  register(router: Router, ctx: WorkflowContext) {
    router.command('/rollback', async ({ command, ack, respond }) => {
      const [service, environment, to, ...extra] = tokenize(command.text.trim());
      const problem = !service || !environment ? 'Name the service and the environment.' : extra.length ? `Too many arguments: ${extra.join(' ').slice(0, 40)}.` : checkNames(ctx, service, environment);
      if (problem) return ack({ response_type: 'ephemeral', ...usageMessage('/rollback', problem) });
      await ack();
      await run(ctx, respond, { service: service!, environment: environment!, to, actor: command.user_id });
    });

    router.action<BlockAction<ButtonAction>>(ROLLBACK_ACTION, async ({ ack, action, body, respond }) => {
      await ack();
      let target: { service?: string; environment?: string };
      try {
        target = JSON.parse(action.value ?? '{}') as typeof target;
      } catch {
        target = {};
      }
      const problem = target.service && target.environment ? checkNames(ctx, target.service, target.environment) : 'This button does not name a service and environment.';
      if (problem) return respondSafely(respond, { ...renderProblem(problem), replace_original: false }, ctx.log);
      await run(ctx, respond, { service: target.service!, environment: target.environment!, actor: body.user.id });
    });
  },
};

async function run(ctx: WorkflowContext, respond: Parameters<typeof respondSafely>[0], input: { service: string; environment: string; to?: string; actor: string }): Promise<void> {
  try {
    const result = await rollback(ctx, input);
    await respondSafely(respond, { response_type: 'in_channel', replace_original: false, ...renderRollback(input, result) }, ctx.log);
  } catch (error) {
    await respondSafely(respond, { ...renderProblem(`Rollback of ${input.service} ${input.environment} failed: ${explain(error, ctx)}`), replace_original: false }, ctx.log);
  }
}

function checkNames(ctx: WorkflowContext, service: string, environment: string): string | undefined {
  const config = ctx.config.services[service];
  if (!config) return `Unknown service "${service.slice(0, 40)}". Known services: ${Object.keys(ctx.config.services).join(', ')}.`;
  if (!config.environments[environment]) return `Unknown environment "${environment.slice(0, 40)}" for ${service}. Known: ${Object.keys(config.environments).join(', ')}.`;
  return undefined;
}
