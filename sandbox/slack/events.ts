import type { InteractionContext } from './interactions.js';
import { eventBody } from './payloads.js';
import type { SignedResponse } from './signing.js';

/** The Events API events the app subscribes to, sent as Slack sends them when a person acts. */

/** A reaction on a message, e.g. 📌 for an incident's timeline; undefined when the message does not exist. */
export async function addReaction(
  ctx: InteractionContext,
  input: { channel: string; ts: string; name: string; user?: string },
): Promise<SignedResponse | undefined> {
  const channel = ctx.workspace.findChannel(input.channel);
  const message = channel && ctx.workspace.findMessage(channel.id, input.ts);
  if (!channel || !message) return undefined;
  const user = ctx.user(input.user);
  message.reactions.push({ name: input.name, users: [user.id] });
  ctx.workspace.touch();
  const event = {
    type: 'reaction_added',
    user: user.id,
    reaction: input.name,
    item_user: message.user,
    item: { type: 'message', channel: channel.id, ts: message.ts },
  };
  return ctx.send(eventBody(event), 'application/json');
}

/** A person opens the app's Home tab. */
export function openHome(ctx: InteractionContext, userId?: string): Promise<SignedResponse> {
  const event = { type: 'app_home_opened', user: ctx.user(userId).id, channel: 'D0HOME0001', tab: 'home' };
  return ctx.send(eventBody(event), 'application/json');
}
