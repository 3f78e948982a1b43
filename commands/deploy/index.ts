import { renderProblem } from '../../blocks/help.js';
import { message, section } from '../../blocks/kit.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import { forceRefusal } from '../../src/workflows/approval/break-glass.js';
import { expirePending } from '../../src/workflows/deploy/approval.js';
import { requestDeploy } from '../../src/workflows/deploy/plan.js';
import { requestPromotion } from '../../src/workflows/deploy/promote.js';
import { attachMessage } from '../../src/workflows/deploy/queries.js';
import { driveRollout, resumeRollouts } from '../../src/workflows/deploy/start.js';
import { lockJobs } from '../../src/workflows/deploy-locks.js';
import type { Feature, FeatureHost } from '../feature.js';
import { checkTarget } from '../../src/workflows/targets.js';
import { explain } from '../shared/failure.js';
import { respondSafely } from '../shared/reply.js';
import { usageMessage } from '../shared/usage.js';
import { registerApprovalActions } from './actions.js';
import { parseDeploy } from './parse.js';
import { postPlan } from './post-plan.js';
import { presentDeploys } from './presenter.js';
import { historyCommand } from './history.js';
import { registerLocksAndHome, lockCommand, unlockCommand } from './locks.js';

const SUBCOMMANDS = { lock: lockCommand, unlock: unlockCommand, history: historyCommand };

export const deployFeature: Feature = {
  command: '/deploy',
  register({ router, jobs }: FeatureHost, ctx: WorkflowContext) {
    presentDeploys(ctx, router.client);
    registerApprovalActions(router, ctx);
    registerLocksAndHome(router, ctx);
    jobs.every(
      ...lockJobs(ctx),
      { name: 'deploy.expire', run: (now) => expirePending(ctx, now) },
      { name: 'deploy.resume', run: (now) => resumeRollouts(ctx, now), atStart: true },
    );

    router.command('/deploy', async ({ command, ack, respond, client }) => {
      const parsed = parseDeploy(command.text);
      const input = { ctx, userId: command.user_id, channelId: command.channel_id, ack, respond };
      if (parsed.kind === 'subcommand') return SUBCOMMANDS[parsed.name]({ ...input, args: parsed.args });
      if (parsed.kind === 'invalid')
        return ack({ response_type: 'ephemeral', ...usageMessage('/deploy', parsed.problem) });

      const environment = parsed.kind === 'promote' ? parsed.to : parsed.environment;
      const unknown =
        checkTarget(ctx.config.services, parsed.service, environment) ??
        (parsed.kind === 'promote' ? checkTarget(ctx.config.services, parsed.service, parsed.from) : undefined);
      if (unknown) return ack({ response_type: 'ephemeral', ...usageMessage('/deploy', unknown) });
      const service = ctx.config.services[parsed.service]!;
      const refused = forceRefusal(ctx, command.user_id, parsed.force);
      if (refused) return ack({ response_type: 'ephemeral', ...renderProblem(explain(refused, ctx)) });
      await ack();

      try {
        const deployment = await (parsed.kind === 'promote'
          ? requestPromotion(ctx, { ...parsed, actor: command.user_id })
          : requestDeploy(ctx, { ...parsed, actor: command.user_id }));
        const channel = service.environments[environment]!.channel;
        const posted = await postPlan(ctx, client, channel, deployment);
        await attachMessage(ctx, deployment, { channel: posted.channel ?? channel, ts: posted.ts ?? '' });
        if (posted.channel !== command.channel_id)
          await respondSafely(
            respond,
            message(`Deployment plan ${deployment.id} posted in <#${posted.channel}>.`, [
              section(`:memo: Deployment plan ${deployment.id} posted in <#${posted.channel}>.`),
            ]),
            ctx.log,
          );
        if (deployment.status === 'approved') void driveRollout(ctx, deployment.id);
      } catch (error) {
        await respondSafely(respond, renderProblem(explain(error, ctx)), ctx.log);
      }
    });
  },
};
