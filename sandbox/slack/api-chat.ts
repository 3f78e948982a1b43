import { BOT_ID, BOT_USER_ID, type SlackMessage, type Workspace } from './workspace.js';
import { channelOf, type Method, messageJson, type Params, SlackApiError, str } from './api-support.js';

/** The chat.* methods: messages the bot posts, updates and deletes, and their permalinks. */
/** chat.postMessage's `metadata`: an event_type and an event_payload object, or invalid_metadata_format. */
function metadataOf(p: Params): SlackMessage['metadata'] {
  if (p.metadata === undefined || p.metadata === '') return undefined;
  const m = p.metadata as { event_type?: unknown; event_payload?: unknown };
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.event_type !== 'string' ||
    typeof m.event_payload !== 'object' ||
    m.event_payload === null
  )
    throw new SlackApiError('invalid_metadata_format');
  return { event_type: m.event_type, event_payload: m.event_payload as Record<string, unknown> };
}
function postMessage(ws: Workspace, p: Params): Record<string, unknown> {
  const channel = channelOf(ws, p);
  if (!p.text && !p.blocks) throw new SlackApiError('no_text');
  const message = ws.addMessage({
    channel: channel.id,
    threadTs: typeof p.thread_ts === 'string' ? p.thread_ts : undefined,
    user: BOT_USER_ID,
    botId: BOT_ID,
    username: 'ChatOps',
    text: String(p.text ?? ''),
    blocks: p.blocks as unknown[] | undefined,
    metadata: metadataOf(p),
  });
  return { channel: channel.id, ts: message.ts, message: messageJson(message, true) };
}

export const CHAT_METHODS: Record<string, Method> = {
  'chat.postMessage': postMessage,
  'chat.postEphemeral': (ws, p) => {
    const channel = channelOf(ws, p);
    const user = str(p, 'user');
    const message = ws.addMessage({
      channel: channel.id,
      user: BOT_USER_ID,
      botId: BOT_ID,
      text: String(p.text ?? ''),
      blocks: p.blocks as unknown[] | undefined,
      ephemeral: true,
      visibleTo: user,
      threadTs: p.thread_ts as string | undefined,
    });
    return { message_ts: message.ts };
  },
  'chat.update': (ws, p) => {
    const channel = channelOf(ws, p);
    const message = ws.findMessage(channel.id, str(p, 'ts'));
    if (!message) throw new SlackApiError('message_not_found');
    if (message.user !== BOT_USER_ID) throw new SlackApiError('cant_update_message');
    if (p.text !== undefined) message.text = String(p.text);
    if (p.blocks !== undefined) message.blocks = p.blocks as unknown[];
    message.edited = true;
    ws.touch();
    return { channel: channel.id, ts: message.ts, text: message.text };
  },
  'chat.delete': (ws, p) => {
    const channel = channelOf(ws, p);
    const ts = str(p, 'ts');
    if (!ws.findMessage(channel.id, ts)) throw new SlackApiError('message_not_found');
    ws.messages = ws.messages.filter((m) => !(m.channel === channel.id && m.ts === ts));
    ws.touch();
    return { channel: channel.id, ts };
  },
  'chat.getPermalink': (ws, p, ctx) => {
    const channel = channelOf(ws, p);
    const ts = str(p, 'message_ts');
    if (!ws.findMessage(channel.id, ts)) throw new SlackApiError('message_not_found');
    return { channel: channel.id, permalink: `${ctx.baseUrl}/archives/${channel.id}/p${ts.replace('.', '')}` };
  },
};
