import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { renderProblem } from '../../blocks/help.js';
import { message, section, type Message } from '../../blocks/kit.js';
import {
  APPROVE_ROLLBACK_ACTION,
  REJECT_ROLLBACK_ACTION,
  renderRollbackOutcome,
  renderRollbackRequest,
} from '../../blocks/rollback-request.js';
import type { Router } from '../../src/app/router.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import type { PeriodicJob } from '../../src/workflows/jobs.js';
import { Refusal } from '../../src/workflows/records.js';
import {
  approveRollback,
  attachRollbackMessage,
  expireRollbackRequests,
  getRollbackRequest,
  rejectRollback,
  requestRollback,
  withdrawRollbackRequest,
  type RollbackAsk,
} from '../../src/workflows/deploy/rollback-request.js';
import { executeRollback, resumeRollbackRequests } from '../../src/workflows/deploy/rollback-execute.js';
import type { RollbackRequest } from '../../src/domain/rollback.js';
import { explain } from '../shared/failure.js';
import { respondSafely } from '../shared/reply.js';
import { describeSlackFailure } from '../shared/slack-failure.js';

type Respond = Parameters<typeof respondSafely>[0];

/** The expiry and resume jobs of rollback requests, which `/rollback`'s feature registers. */
export function rollbackJobs(ctx: WorkflowContext, client: WebClient): PeriodicJob[] {
  return [
    { name: 'rollback.expire', run: (now) => expireRollbackRequests(ctx, now) },
    {
      name: 'rollback.resume',
      run: (now) => resumeRollbackRequests(ctx, now, (id) => runApproved(ctx, client, id, true)),
      atStart: true,
    },
  ];
}

/** Approve / Reject on the Rollback Request card, and the card kept in step with its record. */
export function registerRollbackApprovals(router: Router, ctx: WorkflowContext): void {
  presentRequests(ctx, router.client);

  router.action<BlockAction<ButtonAction>>(APPROVE_ROLLBACK_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    try {
      const { completed } = await approveRollback(ctx, action.value ?? '', body.user.id);
      if (completed) await runApproved(ctx, router.client, action.value ?? '', false);
    } catch (error) {
      await respondSafely(respond, { ...renderProblem(explain(error, ctx)), replace_original: false }, ctx.log);
    }
  });

  router.action<BlockAction<ButtonAction>>(REJECT_ROLLBACK_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    try {
      await rejectRollback(ctx, action.value ?? '', body.user.id);
    } catch (error) {
      await respondSafely(respond, { ...renderProblem(explain(error, ctx)), replace_original: false }, ctx.log);
    }
  });
}

/** Runs an approved request (this instance holds its lease, or takes it over when `resumed`); the outcome goes in the card's thread. */
async function runApproved(ctx: WorkflowContext, client: WebClient, id: string, resumed: boolean): Promise<void> {
  const inThread = async (r: RollbackRequest, reply: Message, broadcast = false) => {
    if (r.message)
      await client.chat.postMessage({
        channel: r.message.channel,
        thread_ts: r.message.ts,
        reply_broadcast: broadcast,
        ...reply,
      });
  };
  const announce = async (r: RollbackRequest) => {
    const text = `:arrows_counterclockwise: Resumed after a restart of the bot: moving 100% of traffic to \`${r.to}\` again (safe to repeat) and verifying it.`;
    await inThread(r, message(text, [section(text)]));
  };
  const done = await executeRollback(ctx, id, resumed ? { resumed, announce } : {});
  if (done?.status !== 'succeeded' && done?.status !== 'failed') return;
  await inThread(done, renderRollbackOutcome(done, ctx.config.timezone), done.status !== 'succeeded').catch(
    (error: unknown) =>
      ctx.log.warn({ err: error, requestId: done.id }, 'could not post the rollback outcome; the card shows it'),
  );
}

/** `/rollback` (or the incident card's button) where approval is required: record the request, post its card. */
export async function requestAndPost(
  ctx: WorkflowContext,
  client: WebClient,
  respond: Respond,
  ask: RollbackAsk,
  from?: string,
): Promise<void> {
  try {
    const request = await requestRollback(ctx, ask);
    const channel = ctx.config.services[ask.service]!.environments[ask.environment]!.channel;
    let posted: { channel: string; ts: string };
    try {
      const answer = await client.chat.postMessage({ channel, ...renderRollbackRequest(request, ctx.config.timezone) });
      posted = { channel: answer.channel ?? channel, ts: answer.ts ?? '' };
    } catch (error) {
      const why = describeSlackFailure(error);
      ctx.log.warn(
        { err: error, requestId: request.id, channel },
        'could not post the rollback request; withdrawing it',
      );
      await withdrawRollbackRequest(ctx, request.id, `the card could not be posted in ${channel}: ${why}`).catch(
        (e: unknown) => ctx.log.error({ err: e, requestId: request.id }, 'could not withdraw the rollback request'),
      );
      throw new Refusal(
        `The rollback request could not be posted in ${channel} (${why}), so it was withdrawn: nothing was changed. Try again in a minute.`,
      );
    }
    await attachRollbackMessage(ctx, request, posted);
    const where = `<#${posted.channel}>`;
    const text = `:rewind: Rollback request ${request.id} (${request.from ?? '?'} → ${request.to}) needs ${request.requiredApprovals} approval(s); posted in ${where}. Nothing moves until it is approved.`;
    if (posted.channel !== from)
      await respondSafely(respond, { ...message(text, [section(text)]), replace_original: false }, ctx.log);
  } catch (error) {
    await respondSafely(
      respond,
      {
        ...renderProblem(`Rollback of ${ask.service} ${ask.environment} was not requested: ${explain(error, ctx)}`),
        replace_original: false,
      },
      ctx.log,
    );
  }
}

/** Re-renders a request's card from its record on every change, one update at a time per request. */
function presentRequests(ctx: WorkflowContext, client: WebClient): void {
  const queues = new Map<string, Promise<void>>();
  ctx.events.on('rollback.updated', ({ requestId }) => {
    const next = (queues.get(requestId) ?? Promise.resolve())
      .then(async () => {
        const r = await getRollbackRequest(ctx, requestId);
        if (r?.message)
          await client.chat.update({
            channel: r.message.channel,
            ts: r.message.ts,
            ...renderRollbackRequest(r, ctx.config.timezone),
          });
      })
      .catch((error: unknown) => ctx.log.warn({ err: error, requestId }, 'could not update the rollback request card'));
    queues.set(requestId, next);
    void next.finally(() => queues.get(requestId) === next && queues.delete(requestId));
    return next;
  });
}
