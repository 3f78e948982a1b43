import type { Router } from '../../src/app/router.js';
import { renderDeployNotice, renderReminder } from '../../blocks/incident-messages.js';
import { message, section } from '../../blocks/kit.js';
import { incidentLabel } from '../../src/domain/incident.js';
import type { WorkflowContext } from '../../src/workflows/context.js';
import type { PeriodicJob } from '../../src/workflows/jobs.js';
import {
  recordDeployFinished,
  recordRollbackFinished,
  type DeployNotice,
} from '../../src/workflows/incident/deploys.js';
import { archiveDueChannels, claimDueReminders } from '../../src/workflows/incident/jobs.js';
import { recordPinnedMessage } from '../../src/workflows/incident/pins.js';
import { claimUnfinishedSetups, setUpChannel } from '../../src/workflows/incident/setup.js';
import { publishOrLater } from './declare-flow.js';
import type { IncidentPresenter } from './presenter.js';
import type { SlackClient } from './users.js';

/** 📌 on a message in an incident channel; the deploy feature's events. */
export function registerIncidentListeners(router: Router, ctx: WorkflowContext, presenter: IncidentPresenter): void {
  router.event('reaction_added', async ({ event, client }) => {
    if (event.reaction !== 'pushpin' || event.item.type !== 'message') return;
    const { channel, ts } = event.item;
    const read = async () => {
      const found = await messageAt(client, channel, ts);
      return found && { text: found.text ?? '', ...(found.user ? { author: found.user } : {}) };
    };
    const recorded = await recordPinnedMessage(
      ctx,
      { channelId: channel, ts, pinnedBy: event.user, ...(event.item_user ? { itemUser: event.item_user } : {}) },
      read,
    );
    if (recorded)
      await presenter.ephemeral(
        channel,
        event.user,
        message(`Added to the ${incidentLabel(recorded.incident)} timeline.`, [
          section(
            `:pushpin: Added to the ${incidentLabel(recorded.incident)} timeline. \`/incident timeline\` shows it.`,
          ),
        ]),
      );
  });

  ctx.events.on('incident.updated', ({ incidentId }) => presenter.refreshCard(incidentId));

  const postNotices = async (notices: DeployNotice[]) => {
    for (const { incident, entry } of notices) {
      await presenter.postInIncident(incident, renderDeployNotice(incident, entry, ctx.config.timezone), entry);
      await presenter.refreshCard(incident.id);
    }
  };
  ctx.events.on('deploy.finished', async (event) => postNotices(await recordDeployFinished(ctx, event)));
  ctx.events.on('rollback.finished', async (event) => postNotices(await recordRollbackFinished(ctx, event)));
}

/** The reminder, set-up and archive jobs, which `/incident`'s feature registers. */
export function incidentJobs(ctx: WorkflowContext, presenter: IncidentPresenter): PeriodicJob[] {
  const reminders = async (now: Date) => {
    for (const reminder of await claimDueReminders(ctx, now)) {
      await presenter.postInIncident(
        reminder.incident,
        renderReminder(reminder, ctx.config.timezone),
        reminder.entryId,
      );
      await presenter.refreshCard(reminder.incident.id);
    }
  };
  // A declaration that stopped half-way (a restart, Slack down): channel, card and announcement are finished here.
  const setups = async (now: Date) => {
    for (const claimed of await claimUnfinishedSetups(ctx, now, (id) => presenter.isPublishing(id))) {
      try {
        const { incident } = await setUpChannel(ctx, claimed);
        await publishOrLater(ctx, presenter, incident, []);
      } catch (error) {
        ctx.log.warn(
          { err: error, incident: claimed.id },
          'could not finish setting up an incident; trying again later',
        );
      }
    }
  };
  return [
    { name: 'incident.reminders', run: reminders },
    { name: 'incident.setup', run: setups },
    { name: 'incident.archive', run: async (now) => void (await archiveDueChannels(ctx, now)) },
  ];
}

/** The message a reaction points at: a channel message, or a reply in a thread. */
async function messageAt(
  client: SlackClient,
  channel: string,
  ts: string,
): Promise<{ user?: string; text?: string } | undefined> {
  const history = await client.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1 });
  const top = history.messages?.find((m) => m.ts === ts);
  if (top) return top;
  const replies = await client.conversations.replies({
    channel,
    ts,
    latest: ts,
    oldest: ts,
    inclusive: true,
    limit: 1,
  });
  return replies.messages?.find((m) => m.ts === ts);
}
