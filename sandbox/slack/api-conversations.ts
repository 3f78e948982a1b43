import { BOT_USER_ID, type SlackMessage } from './workspace.js';
import {
  channelJson,
  channelOf,
  flag,
  type Method,
  messageJson,
  type Params,
  SlackApiError,
  str,
} from './api-support.js';

/** The conversations.* methods, with pins and reactions: channels, their members and their history. */
/** The ts window of conversations.history/replies: `oldest`..`latest`, ends excluded unless `inclusive`. */
function inWindow(p: Params): (m: SlackMessage) => boolean {
  const oldest = Number(p.oldest ?? 0);
  const latest = p.latest === undefined || p.latest === '' ? Infinity : Number(p.latest);
  const inclusive = flag(p.inclusive);
  return (m) => {
    const ts = Number(m.ts);
    return inclusive ? ts >= oldest && ts <= latest : ts > oldest && ts < latest;
  };
}
const limitOf = (p: Params, fallback: number): number =>
  Math.max(1, Math.min(1000, Number(p.limit ?? fallback) || fallback));

export const CONVERSATION_METHODS: Record<string, Method> = {
  'conversations.create': (ws, p) => {
    const name = str(p, 'name');
    if (!/^[a-z0-9_-]{1,80}$/.test(name)) throw new SlackApiError('invalid_name_specials');
    if (ws.findChannel(name)) throw new SlackApiError('name_taken');
    const channel = ws.createChannel(name, BOT_USER_ID, p.is_private === true || p.is_private === 'true');
    // As in Slack, a channel made through the API has one member, its creator; everyone else is invited.
    channel.members = [BOT_USER_ID];
    return { channel: channelJson(channel) };
  },
  'conversations.info': (ws, p) => ({ channel: channelJson(channelOf(ws, p)) }),
  'conversations.history': (ws, p) => {
    // Newest first; channel-level messages only (thread replies are read with conversations.replies); no ephemerals.
    const channel = ws.findChannel(str(p, 'channel'));
    if (!channel) throw new SlackApiError('channel_not_found');
    const visible = ws.messages
      .filter((m) => m.channel === channel.id && !m.ephemeral && (!m.threadTs || m.threadTs === m.ts))
      .filter(inWindow(p));
    const sorted = visible.sort((a, b) => Number(b.ts) - Number(a.ts));
    const limit = limitOf(p, 100);
    const withMetadata = flag(p.include_all_metadata);
    return {
      messages: sorted.slice(0, limit).map((m) => messageJson(m, withMetadata)),
      has_more: sorted.length > limit,
      pin_count: channel.pins.length,
      response_metadata: { next_cursor: '' },
    };
  },
  'conversations.replies': (ws, p) => {
    // `ts` may be the parent or any reply; the answer is the thread, parent first.
    const channel = ws.findChannel(str(p, 'channel'));
    if (!channel) throw new SlackApiError('channel_not_found');
    const message = ws.findMessage(channel.id, str(p, 'ts'));
    if (!message) throw new SlackApiError('thread_not_found');
    const root = message.threadTs ?? message.ts;
    const thread = ws.messages
      .filter((m) => m.channel === channel.id && !m.ephemeral && (m.ts === root || m.threadTs === root))
      .filter(inWindow(p));
    const limit = limitOf(p, 1000);
    return {
      messages: thread
        .sort((a, b) => Number(a.ts) - Number(b.ts))
        .slice(0, limit)
        .map((m) => messageJson(m)),
      has_more: thread.length > limit,
      response_metadata: { next_cursor: '' },
    };
  },
  'conversations.list': (ws) => ({
    channels: ws.channels.filter((c) => !c.isArchived).map(channelJson),
    response_metadata: { next_cursor: '' },
  }),
  'conversations.members': (ws, p) => ({ members: channelOf(ws, p).members, response_metadata: { next_cursor: '' } }),
  'conversations.join': (ws, p) => {
    const channel = channelOf(ws, p);
    if (!channel.members.includes(BOT_USER_ID)) channel.members.push(BOT_USER_ID);
    return { channel: channelJson(channel) };
  },
  'conversations.invite': (ws, p) => {
    const channel = channelOf(ws, p);
    for (const id of str(p, 'users').split(',')) {
      if (!ws.findUser(id)) throw new SlackApiError('user_not_found');
      if (!channel.members.includes(id)) channel.members.push(id);
    }
    ws.touch();
    return { channel: channelJson(channel) };
  },
  'conversations.setTopic': (ws, p) => {
    const channel = channelOf(ws, p);
    channel.topic = String(p.topic ?? '');
    ws.touch();
    return { channel: channelJson(channel) };
  },
  'conversations.setPurpose': (ws, p) => {
    const channel = channelOf(ws, p);
    channel.purpose = String(p.purpose ?? '');
    ws.touch();
    return { channel: channelJson(channel) };
  },
  'conversations.archive': (ws, p) => {
    channelOf(ws, p).isArchived = true;
    ws.touch();
    return {};
  },
  'pins.add': (ws, p) => {
    const channel = channelOf(ws, p);
    const ts = str(p, 'timestamp');
    if (!ws.findMessage(channel.id, ts)) throw new SlackApiError('message_not_found');
    if (channel.pins.includes(ts)) throw new SlackApiError('already_pinned');
    channel.pins.push(ts);
    ws.touch();
    return {};
  },
  'reactions.add': (ws, p) => {
    const channel = channelOf(ws, p);
    const message = ws.findMessage(channel.id, str(p, 'timestamp'));
    if (!message) throw new SlackApiError('message_not_found');
    message.reactions.push({ name: str(p, 'name'), users: [BOT_USER_ID] });
    ws.touch();
    return {};
  },
};
