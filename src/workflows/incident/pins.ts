import type { Incident, TimelineEntry } from '../../domain/incident.js';
import type { WorkflowContext } from '../context.js';
import { addEntry, audit, findByChannel } from './repository.js';

export interface PinReaction {
  channelId: string;
  ts: string;
  /** Who reacted with 📌. */
  pinnedBy: string;
  /** The author of the message as the event names it, for when the message cannot be read. */
  itemUser?: string;
}

/** Reads the message (the Slack side knows how); undefined when it cannot be read. */
export type MessageReader = () => Promise<{ author?: string; text: string } | undefined>;

/**
 * A message marked with 📌 in an incident channel becomes a timeline entry, at the time it was written,
 * once per message however many people pin it. Null outside incident channels and for repeats.
 */
export async function recordPinnedMessage(
  ctx: WorkflowContext,
  message: PinReaction,
  read: MessageReader,
): Promise<{ incident: Incident; entry: TimelineEntry } | null> {
  const incident = await findByChannel(ctx, message.channelId);
  if (!incident) return null;
  const original = await read().catch((error: unknown) => {
    ctx.log.warn(
      { err: error },
      'could not read a pinned message (the bot needs the channels:history scope); recording it without its text',
    );
    return undefined;
  });
  const permalink = await ctx.chat.permalink(message.channelId, message.ts).catch((error: unknown) => {
    ctx.log.warn({ err: error }, 'no permalink for a pinned message');
    return undefined;
  });
  const at = new Date(Math.round(Number(message.ts) * 1000));
  const entry = await addEntry(ctx, {
    incidentId: incident.id,
    actor: original?.author ?? message.itemUser ?? message.pinnedBy,
    at: Number.isFinite(at.getTime()) ? at : ctx.clock.now(),
    fact: { kind: 'pinned', ...(original ? { text: original.text.trim() } : {}) },
    key: `pin.${message.ts}`,
    ...(permalink ? { permalink } : {}),
  });
  if (!entry) return null;
  await audit(ctx, message.pinnedBy, 'pin', incident, { ts: message.ts, author: entry.actor });
  return { incident, entry };
}
