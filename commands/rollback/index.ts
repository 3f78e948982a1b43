import type { CardStop } from '../../src/domain/deployment.js';
import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { Router } from '../../src/app/router.js';
import { renderProblem } from '../../blocks/help.js';
import { renderRollback } from '../../blocks/rollback.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { checkCardRollback } from '../../src/workflows/deploy/card-rollback.js';
import { rollback } from '../../src/workflows/deploy/rollback.js';
import type { Feature, FeatureHost } from '../feature.js';
import { clip } from '../../src/domain/format.js';
import { checkTarget } from '../../src/workflows/targets.js';
import { explain } from '../shared/failure.js';
import { rollbackNeedsApproval } from '../../src/workflows/deploy/rollback-request.js';
import { respondSafely } from '../shared/reply.js';
import { commandWords } from '../shared/tokenize.js';
import { usageMessage } from '../shared/usage.js';
import { registerRollbackApprovals, requestAndPost, rollbackJobs } from './request.js';

/**
 * The "Roll back" button other features render. The incident card's names the deploy and both revisions
 * ({"service","environment","deploymentId","from","to"}) and is checked against what serves now; a bare
 * {"service","environment"} runs as /rollback would.
 */
export const ROLLBACK_ACTION = 'rollback.start';

interface Input {
  service: string;
  environment: string;
  to?: string;
  actor: string;
  reason?: string;
  channel?: string;
  via?: CardStop;
  expectFrom?: string;
}

interface ButtonValue {
  service?: string;
  environment?: string;
  deploymentId?: string;
  from?: string;
  to?: string;
  /** The alert card's button says so; the incident card's predates the field. */
  via?: string;
}

export const rollbackFeature: Feature = {
  command: '/rollback',
  register({ router, jobs }: FeatureHost, ctx: WorkflowContext) {
    registerRollbackApprovals(router, ctx);
    jobs.every(...rollbackJobs(ctx, router.client));

    router.command('/rollback', async ({ command, ack, respond }) => {
      const parsed = parseRollback(command.text);
      const problem =
        typeof parsed === 'string' ? parsed : checkTarget(ctx.config.services, parsed.service, parsed.environment);
      if (problem || typeof parsed === 'string')
        return ack({ response_type: 'ephemeral', ...usageMessage('/rollback', problem ?? '') });
      await ack();
      await run(ctx, router, respond, { ...parsed, actor: command.user_id, channel: command.channel_id });
    });

    router.action<BlockAction<ButtonAction>>(ROLLBACK_ACTION, async ({ ack, action, body, respond }) => {
      await ack();
      let target: ButtonValue;
      try {
        target = JSON.parse(action.value ?? '{}') as ButtonValue;
      } catch {
        target = {};
      }
      const problem =
        target.service && target.environment
          ? checkTarget(ctx.config.services, target.service, target.environment)
          : 'This button does not name a service and environment.';
      if (problem) return respondSafely(respond, { ...renderProblem(problem), replace_original: false }, ctx.log);
      const input: Input = {
        service: target.service!,
        environment: target.environment!,
        actor: body.user.id,
        channel: body.channel?.id,
      };
      if (!target.deploymentId) return run(ctx, router, respond, input);
      try {
        // A stale card (the deploy no longer serves, or its target changed) is refused, saying what serves now.
        const move = await checkCardRollback(ctx, {
          service: input.service,
          environment: input.environment,
          deploymentId: target.deploymentId,
          ...(target.from ? { from: target.from } : {}),
          ...(target.to ? { to: target.to } : {}),
        });
        await run(ctx, router, respond, {
          ...input,
          to: move.to,
          via: target.via === 'alert-card' ? 'alert-card' : 'incident-card',
          expectFrom: move.from,
        });
      } catch (error) {
        await respondSafely(respond, { ...renderProblem(explain(error, ctx)), replace_original: false }, ctx.log);
      }
    });
  },
};

/** `<service> <env> [revision|ref] [--reason "why"]`; a string is the problem. */
function parseRollback(text: string): Omit<Input, 'actor' | 'channel'> | string {
  const tokens = commandWords(text);
  const at = tokens.indexOf('--reason');
  let reason: string | undefined;
  if (at >= 0) {
    reason = tokens[at + 1]?.trim();
    if (!reason || reason.startsWith('--'))
      return 'Say why after --reason, in quotes: --reason "error rate up since 14:05".';
    tokens.splice(at, 2);
  }
  const [service, environment, to, ...extra] = tokens;
  if (!service || !environment) return 'Name the service and the environment.';
  if (extra.length) return `Too many arguments: ${clip(extra.join(' '))}.`;
  return { service, environment, ...(to ? { to } : {}), ...(reason ? { reason: reason.slice(0, 300) } : {}) };
}

/** Without an approval policy the rollback runs now; with one, a Rollback Request card waits for the approvers. */
async function run(
  ctx: WorkflowContext,
  router: Router,
  respond: Parameters<typeof respondSafely>[0],
  input: Input,
): Promise<void> {
  if (rollbackNeedsApproval(ctx, input.service, input.environment)) {
    return requestAndPost(ctx, router.client, respond, input, input.channel);
  }
  try {
    const result = await rollback(ctx, input);
    await respondSafely(
      respond,
      { response_type: 'in_channel', replace_original: false, ...renderRollback(input, result, ctx.config.timezone) },
      ctx.log,
    );
  } catch (error) {
    await respondSafely(
      respond,
      {
        ...renderProblem(`Rollback of ${input.service} ${input.environment} failed: ${explain(error, ctx)}`),
        replace_original: false,
      },
      ctx.log,
    );
  }
}
