import type { BlockAction, ButtonAction } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import {
  APPROVE_RESTORE_ACTION,
  REJECT_RESTORE_ACTION,
  renderRestoreOutcome,
  renderRestoreRequest,
} from '../../blocks/backup-restore.js';
import { renderProblem } from '../../blocks/help.js';
import { message, section } from '../../blocks/kit.js';
import type { Router } from '../../src/app/router.js';
import type { RestoreRequest } from '../../src/domain/backup.js';
import {
  approveRequest,
  attachCard,
  expireRequests,
  getRequest,
  rejectRequest,
  withdrawRequest,
} from '../../src/workflows/approval/request.js';
import { executeRestore, resumeRestores } from '../../src/workflows/backup/restore-execute.js';
import { RESTORE_APPROVALS, requestRestore, type RestoreAsk } from '../../src/workflows/backup/restore-request.js';
import { backupSettings } from '../../src/workflows/backup/target.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import type { PeriodicJob } from '../../src/workflows/jobs.js';
import { Refusal } from '../../src/workflows/records.js';
import { explain } from '../shared/failure.js';
import { respondSafely } from '../shared/reply.js';
import { describeSlackFailure } from '../shared/slack-failure.js';
import { presentInPlace } from './presenter.js';

type Respond = Parameters<typeof respondSafely>[0];

export function restoreJobs(ctx: WorkflowContext, client: WebClient): PeriodicJob[] {
  return [
    { name: 'backup.restore.expire', run: (now) => expireRequests(ctx, RESTORE_APPROVALS, now) },
    {
      name: 'backup.restore.resume',
      run: (now) => resumeRestores(ctx, now, (id) => runApproved(ctx, client, id, true)),
      atStart: true,
    },
  ];
}

/** Approve / Reject on the Restore Request card, and the card kept in step with its record. */
export function registerRestoreApprovals(router: Router, ctx: WorkflowContext): void {
  const present = presentInPlace<RestoreRequest>(ctx, router.client, {
    load: (id) => getRequest(ctx, RESTORE_APPROVALS, id),
    render: (r) => renderRestoreRequest(r, ctx.config.timezone),
    channel: ctx.config.backup?.channel ?? '',
    remember: async () => undefined, // the card is posted (and attached) when the request is made
  });
  ctx.events.on('backup.restore.updated', async ({ requestId }) => {
    if ((await getRequest(ctx, RESTORE_APPROVALS, requestId))?.message) await present(requestId);
  });
  router.action<BlockAction<ButtonAction>>(APPROVE_RESTORE_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    try {
      const { completed } = await approveRequest(ctx, RESTORE_APPROVALS, action.value ?? '', body.user.id);
      if (completed) await runApproved(ctx, router.client, action.value ?? '', false);
    } catch (error) {
      await respondSafely(respond, { ...renderProblem(explain(error, ctx)), replace_original: false }, ctx.log);
    }
  });
  router.action<BlockAction<ButtonAction>>(REJECT_RESTORE_ACTION, async ({ ack, action, body, respond }) => {
    await ack();
    try {
      await rejectRequest(ctx, RESTORE_APPROVALS, action.value ?? '', body.user.id);
    } catch (error) {
      await respondSafely(respond, { ...renderProblem(explain(error, ctx)), replace_original: false }, ctx.log);
    }
  });
}

/** Runs an approved (or forced) restore; the outcome goes in the card's thread, loudly when it failed. */
async function runApproved(ctx: WorkflowContext, client: WebClient, id: string, resumed: boolean): Promise<void> {
  const done = await executeRestore(ctx, id, resumed);
  if (!done?.message || (done.status !== 'succeeded' && done.status !== 'failed')) return;
  await client.chat
    .postMessage({
      channel: done.message.channel,
      thread_ts: done.message.ts,
      reply_broadcast: true,
      ...renderRestoreOutcome(done),
    })
    .catch((error: unknown) =>
      ctx.log.warn({ err: error, requestId: id }, 'could not post the restore outcome; the card shows it'),
    );
}

/** Records the request, posts its card in backup.channel; break-glass starts it at once. */
export async function requestAndPost(
  ctx: WorkflowContext,
  client: WebClient,
  respond: Respond,
  ask: RestoreAsk,
  from: RestoreRequest['from'],
): Promise<void> {
  try {
    const request = await requestRestore(ctx, ask, from);
    const channel = backupSettings(ctx).channel;
    let posted: { channel: string; ts: string };
    try {
      const answer = await client.chat.postMessage({ channel, ...renderRestoreRequest(request, ctx.config.timezone) });
      posted = { channel: answer.channel ?? channel, ts: answer.ts ?? '' };
    } catch (error) {
      const why = describeSlackFailure(error);
      await withdrawRequest(
        ctx,
        RESTORE_APPROVALS,
        request.id,
        `the card could not be posted in ${channel}: ${why}`,
        () => true,
      ).catch((e: unknown) =>
        ctx.log.error({ err: e, requestId: request.id }, 'could not withdraw the restore request'),
      );
      throw new Refusal(
        `The restore request could not be posted in ${channel} (${why}), so it was withdrawn: nothing was restored.`,
      );
    }
    await attachCard(ctx, RESTORE_APPROVALS, request, posted);
    const text = request.forced
      ? `:rotating_light: Break-glass restore \`${request.id}\` of ${ask.database} into \`${ask.to}\` started; follow it in <#${posted.channel}>.`
      : `:floppy_disk: Restore request \`${request.id}\` (${ask.database} → \`${ask.to}\`) needs ${request.requiredApprovals} approval(s); posted in <#${posted.channel}>. Nothing is restored until it is approved.`;
    await respondSafely(respond, { ...message(text, [section(text)]), replace_original: false }, ctx.log);
    if (request.forced) await runApproved(ctx, client, request.id, false);
  } catch (error) {
    await respondSafely(
      respond,
      { ...renderProblem(`The restore was not requested: ${explain(error, ctx)}`), replace_original: false },
      ctx.log,
    );
  }
}
