import { isPortError } from '../../domain/errors.js';
import { INCIDENTS, type Incident, type Reminder } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { inviteAll } from './channel.js';
import { addEntry, audit, listOpen, mutate } from './repository.js';

/**
 * Finds incidents whose update is overdue and claims each reminder with compare-and-set, so a restart
 * sends what was due and two instances send it once. The second missed update escalates to the
 * configured group (once per incident), whose members are invited. The caller posts the reminders.
 */
export async function claimDueReminders(ctx: WorkflowContext, now: Date): Promise<Reminder[]> {
  const due = (await listOpen(ctx)).filter((i) => i.nextUpdateDue && i.nextUpdateDue <= now.toISOString());
  const reminders: Reminder[] = [];
  const group = ctx.config.incidents.escalation;
  for (const incident of due) {
    let claim: Omit<Reminder, 'incident'> | undefined;
    const { after } = await mutate(ctx, incident.id, (i) => {
      claim = undefined;
      if (!i.open || !i.nextUpdateDue || i.nextUpdateDue > now.toISOString()) return i;
      const missed = i.missedUpdates + 1;
      const escalate = Boolean(group) && missed >= 2 && !i.escalatedAt;
      const cadence = ctx.config.incidents.updateCadenceMinutes[i.severity];
      claim = { missed, dueAt: i.nextUpdateDue, ...(escalate && group ? { escalatedTo: group } : {}) };
      return {
        ...i,
        missedUpdates: missed,
        nextUpdateDue: cadence ? new Date(now.getTime() + cadence * 60_000).toISOString() : null,
        ...(escalate ? { escalatedAt: now.toISOString() } : {}),
      };
    });
    if (!claim) continue;
    const reminder: Reminder = { incident: after, ...claim };
    const entry = await addEntry(ctx, {
      incidentId: after.id,
      kind: reminder.escalatedTo ? 'escalation' : 'reminder',
      actor: 'system',
      at: now,
      text: reminder.escalatedTo
        ? `No update for ${reminder.missed} reminders: escalated to ${reminder.escalatedTo}.`
        : `Reminded <@${after.roles.commander}>: status update overdue (${reminder.missed} missed).`,
    });
    if (entry) reminder.entryId = entry.id;
    await audit(ctx, 'system', reminder.escalatedTo ? 'escalate' : 'remind', after, {
      missed: reminder.missed,
      group: reminder.escalatedTo ?? null,
    });
    if (reminder.escalatedTo) reminder.escalatedMembers = await pageGroup(ctx, after.channelId, reminder.escalatedTo);
    reminders.push(reminder);
  }
  return reminders;
}

/** The escalation group's members, invited to the channel; empty when the group cannot be read (it is still mentioned). */
async function pageGroup(ctx: WorkflowContext, channelId: string | undefined, group: string): Promise<string[]> {
  let members: string[];
  try {
    members = await ctx.chat.usergroupMembers(group);
  } catch (error) {
    ctx.log.warn({ err: error, group }, 'could not read the escalation group; it is mentioned but not invited');
    return [];
  }
  const problems = channelId ? await inviteAll(ctx, channelId, members) : [];
  if (problems.length) ctx.log.warn({ problems }, 'some members of the escalation group were not invited');
  return members;
}

/** Archives the channels of incidents resolved `archiveAfterDays` ago; claimed first, released again if Slack fails. */
export async function archiveDueChannels(ctx: WorkflowContext, now: Date): Promise<Incident[]> {
  const pending = await ctx.store.list(INCIDENTS, { where: { archivePending: true } });
  const archived: Incident[] = [];
  for (const { data } of pending) {
    if (!data.archiveAt || data.archiveAt > now.toISOString()) continue;
    let claimed = false;
    const { after } = await mutate(ctx, data.id, (i) => {
      claimed = Boolean(i.archivePending);
      return claimed ? { ...i, archivePending: false, archivedAt: now.toISOString() } : i;
    });
    if (!claimed || !after.channelId) continue;
    try {
      await ctx.chat.archive(after.channelId);
    } catch (error) {
      if (!(isPortError(error) && /already_archived|is_archived/.test(error.message))) {
        ctx.log.warn(
          { err: error, incident: after.id },
          'could not archive the incident channel; trying again at the next tick',
        );
        await mutate(ctx, after.id, ({ archivedAt: _a, ...i }) => ({ ...i, archivePending: true }));
        continue;
      }
    }
    await audit(ctx, 'system', 'archive', after, { channel: after.channelName });
    archived.push(after);
  }
  return archived;
}
