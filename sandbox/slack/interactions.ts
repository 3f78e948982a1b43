import { blockActionsBody, findElement, slashCommandBody, viewSubmissionBody, type ActionInput } from './payloads.js';
import type { ResponseTarget, ResponseUrls } from './response-urls.js';
import type { SendOptions, SignedResponse } from './signing.js';
import type { SlackUser, Workspace } from './workspace.js';

/**
 * What a person does in Slack that Slack sends the app as an interaction: a slash command, a click, a modal
 * submitted. Each is sent as Slack sends it (signed HTTP, or an envelope over Socket Mode) and its ack applied
 * to the workspace as Slack applies it; a failed ack becomes what Slack shows for one.
 */
export interface InteractionContext {
  workspace: Workspace;
  responses: ResponseUrls;
  /** The stand-in's base URL, for response_url. */
  baseUrl: string;
  /** The slash commands the app declares; empty: any command is sent. */
  commands: readonly CommandInfo[];
  user(id?: string): SlackUser;
  newTrigger(userId: string): string;
  send(body: string, contentType: string, options?: SendOptions): Promise<SignedResponse>;
}

export interface CommandInfo {
  command: string;
  usage: string;
  description: string;
}

export type Delivery = SignedResponse & { ok: boolean; error?: string };

const FORM = 'application/x-www-form-urlencoded';
const notSent = (error: string): Delivery => ({ ok: false, error, status: 0, body: '', contentType: '', elapsedMs: 0 });

/** Sends "/ops status api" typed in a channel, as Slack would. Slack's own answers to failures become ephemerals. */
export async function slashCommand(
  ctx: InteractionContext,
  input: { text: string; channel?: string; user?: string },
  options?: SendOptions,
): Promise<Delivery> {
  const [command = ''] = input.text.trim().split(/\s+/);
  const text = input.text.trim().slice(command.length).trim();
  const user = ctx.user(input.user);
  const channel = ctx.workspace.findChannel(input.channel ?? 'general');
  if (!channel) return notSent('channel_not_found');
  if (ctx.commands.length > 0 && !ctx.commands.some((c) => c.command === command))
    return notSent(
      `${command} is not a valid command. In Slack, all messages that start with "/" are interpreted as commands.`,
    );
  const target: ResponseTarget = { kind: 'command', channel: channel.id, user: user.id };
  const responseUrl = `${ctx.baseUrl}/response/${ctx.responses.register(target)}`;
  const body = slashCommandBody({ command, text, channel, user, responseUrl, triggerId: ctx.newTrigger(user.id) });
  const answer = await ctx.send(body, FORM, options);
  const failure = ackFailure(answer);
  if (failure) {
    ctx.workspace.addMessage({
      channel: channel.id,
      user: 'USLACKBOT',
      username: 'Slackbot',
      text: `${command} failed with the error "${failure}"`,
      ephemeral: true,
      visibleTo: user.id,
    });
    return { ...answer, ok: false, error: failure };
  }
  if (answer.body) ctx.responses.applyAck(target, answer, ctx.workspace);
  return { ...answer, ok: true };
}

export async function clickAction(
  ctx: InteractionContext,
  input: ActionInput & { channel?: string; messageTs?: string; viewId?: string; user?: string },
  options?: SendOptions,
): Promise<Delivery> {
  const { workspace } = ctx;
  const user = ctx.user(input.user);
  const view = input.viewId
    ? (workspace.views.find((v) => v.id === input.viewId) ?? workspace.findHomeView(input.viewId))
    : undefined;
  const channel = input.channel ? workspace.findChannel(input.channel) : undefined;
  const message = channel && input.messageTs ? workspace.findMessage(channel.id, input.messageTs) : undefined;
  if (!view && !message) return notSent('message_not_found');
  const blocks = view ? (view.view.blocks as unknown[]) : message?.blocks;
  const element = findElement(blocks, input.actionId, input.blockId);
  const responseUrl =
    message && channel
      ? `${ctx.baseUrl}/response/${ctx.responses.register({ kind: 'action', channel: channel.id, user: user.id, messageTs: message.ts })}`
      : undefined;
  const triggerId = ctx.newTrigger(user.id);
  const body = blockActionsBody({ user, input, element, responseUrl, triggerId, channel, message, view });
  const answer = await ctx.send(body, FORM, options);
  const failure = ackFailure(answer);
  return { ...answer, ok: !failure, error: failure };
}

interface ViewReply {
  response_action?: string;
  errors?: Record<string, string>;
  view?: Record<string, unknown>;
}

export async function submitView(
  ctx: InteractionContext,
  input: { viewId: string; values: Record<string, unknown>; user?: string },
  options?: SendOptions,
): Promise<Delivery & { errors?: Record<string, string> }> {
  const ws = ctx.workspace;
  const view = ws.views.find((v) => v.id === input.viewId);
  if (!view) return notSent('view_not_found');
  const user = ctx.user(input.user ?? view.userId);
  const triggerId = ctx.newTrigger(user.id);
  const answer = await ctx.send(viewSubmissionBody({ user, view, values: input.values, triggerId }), FORM, options);
  const failure = ackFailure(answer);
  if (failure) return { ...answer, ok: false, error: failure };
  const reply = answer.body ? (JSON.parse(answer.body) as ViewReply) : {};
  if (reply.response_action === 'errors') return { ...answer, ok: false, errors: reply.errors ?? {} };
  if (reply.response_action === 'update' && reply.view) view.view = reply.view;
  else if (reply.response_action === 'push' && reply.view)
    ws.views.push({ id: ws.nextId('V'), userId: user.id, hash: ws.nextTs(), view: reply.view });
  else if (reply.response_action === 'clear') ws.views = ws.views.filter((v) => v.userId !== user.id);
  else ws.views = ws.views.filter((v) => v.id !== view.id);
  ws.touch();
  return { ...answer, ok: true };
}

/** What Slack makes of an ack: a refused signature, an error, or one later than its 3 s. */
function ackFailure(answer: SignedResponse): string | undefined {
  if (answer.status !== 200) return answer.status === 401 ? 'invalid_signature' : 'dispatch_failed';
  if (answer.elapsedMs > 3000) return 'operation_timeout';
  return undefined;
}
