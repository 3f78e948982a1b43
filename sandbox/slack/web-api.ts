import { BOT_ID, BOT_USER_ID, TEAM_ID, type SlackChannel, type SlackMessage, type Workspace } from './workspace.js';

/** Slack answers {ok:false,error} with HTTP 200; these helpers keep the method bodies short. */
export class SlackApiError extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

type Params = Record<string, unknown>;
type Method = (ws: Workspace, p: Params, ctx: ApiContext) => Record<string, unknown>;

export interface ApiContext {
  baseUrl: string;
  /** Consumes a trigger_id; throws when it is unknown, used or older than 3 s. */
  useTrigger(triggerId: unknown): { userId: string };
}

const str = (p: Params, key: string): string => {
  const value = p[key];
  if (typeof value !== 'string' || value === '') throw new SlackApiError(`invalid_arguments`);
  return value;
};
const channelOf = (ws: Workspace, p: Params): SlackChannel => {
  const channel = ws.findChannel(str(p, 'channel'));
  if (!channel) throw new SlackApiError('channel_not_found');
  if (channel.isArchived) throw new SlackApiError('is_archived');
  return channel;
};
const messageJson = (m: SlackMessage, withMetadata = false): Record<string, unknown> => ({
  type: 'message',
  ts: m.ts,
  user: m.user,
  bot_id: m.botId,
  text: m.text,
  blocks: m.blocks,
  thread_ts: m.threadTs,
  files: m.files,
  ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
});
const flag = (value: unknown): boolean => value === true || value === 'true' || value === '1';
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
const channelJson = (c: SlackChannel): Record<string, unknown> => ({
  id: c.id,
  name: c.name,
  is_channel: !c.isPrivate,
  is_private: c.isPrivate,
  is_archived: c.isArchived,
  is_member: c.members.includes(BOT_USER_ID),
  created: c.created,
  topic: { value: c.topic },
  purpose: { value: c.purpose },
  num_members: c.members.length,
});

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

function openView(ws: Workspace, p: Params, ctx: ApiContext): Record<string, unknown> {
  const { userId } = ctx.useTrigger(p.trigger_id);
  const view = { id: ws.nextId('V'), userId, hash: ws.nextTs(), view: p.view as Record<string, unknown> };
  if (p.push) ws.views.push(view);
  else ws.views = [...ws.views.filter((v) => v.userId !== userId), view];
  ws.touch();
  return { view: { ...view.view, id: view.id, hash: view.hash } };
}

export const METHODS: Record<string, Method> = {
  'api.test': () => ({}),
  'auth.test': () => ({
    url: 'https://sandbox.slack.local/',
    team: 'Sandbox',
    user: 'chatops',
    team_id: TEAM_ID,
    user_id: BOT_USER_ID,
    bot_id: BOT_ID,
  }),
  'team.info': (ws) => ({ team: { id: TEAM_ID, name: ws.name, domain: 'sandbox' } }),
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
  'views.open': openView,
  'views.push': (ws, p, ctx) => openView(ws, { ...p, push: true }, ctx),
  'views.update': (ws, p) => {
    const view = ws.views.find((v) => v.id === p.view_id);
    if (!view) throw new SlackApiError('not_found');
    if (typeof p.hash === 'string' && p.hash !== view.hash) throw new SlackApiError('hash_conflict');
    view.view = p.view as Record<string, unknown>;
    view.hash = ws.nextTs();
    ws.touch();
    return { view: { ...view.view, id: view.id, hash: view.hash } };
  },
  'views.publish': (ws, p) => {
    // As Slack: a Home tab per user, keeping its ID across publishes; `hash`, when sent, must be the current one.
    const userId = str(p, 'user_id');
    if (!ws.findUser(userId)) throw new SlackApiError('user_not_found');
    const view = p.view as Record<string, unknown> | undefined;
    if (view?.type !== 'home') throw new SlackApiError('invalid_arguments');
    const current = ws.homeViews.get(userId);
    if (typeof p.hash === 'string' && current && p.hash !== current.hash) throw new SlackApiError('hash_conflict');
    const published = { ...view, id: (current?.id as string | undefined) ?? ws.nextId('V'), hash: ws.nextTs() };
    ws.homeViews.set(userId, published);
    ws.touch();
    return { view: published };
  },
  'users.info': (ws, p) => {
    const user = ws.findUser(str(p, 'user'));
    if (!user) throw new SlackApiError('user_not_found');
    return {
      user: {
        id: user.id,
        name: user.name,
        real_name: user.realName,
        is_bot: !!user.isBot,
        tz: 'UTC',
        profile: { real_name: user.realName, display_name: user.name },
      },
    };
  },
  'users.list': (ws) => ({
    members: ws.users.map((u) => ({ id: u.id, name: u.name, real_name: u.realName, is_bot: !!u.isBot })),
    response_metadata: { next_cursor: '' },
  }),
  'usergroups.list': (ws) => ({
    usergroups: ws.userGroups.map((g) => ({ id: g.id, handle: g.handle, name: g.name, user_count: g.users.length })),
  }),
  'usergroups.users.list': (ws, p) => {
    const group = ws.userGroups.find((g) => g.id === p.usergroup);
    if (!group) throw new SlackApiError('no_such_subteam');
    return { users: group.users };
  },
  'files.getUploadURLExternal': (ws, p, ctx) => {
    const id = ws.nextId('F');
    ws.files.set(id, {
      ref: {
        id,
        name: str(p, 'filename'),
        title: str(p, 'filename'),
        mimetype: 'application/octet-stream',
        url: `/sandbox/files/${id}`,
      },
      bytes: Buffer.alloc(0),
    });
    return { upload_url: `${ctx.baseUrl}/upload/${id}`, file_id: id };
  },
  'files.completeUploadExternal': (ws, p) => {
    const files = (typeof p.files === 'string' ? JSON.parse(p.files) : p.files) as { id: string; title?: string }[];
    const refs = files.map(({ id, title }) => {
      const file = ws.files.get(id);
      if (!file) throw new SlackApiError('file_not_found');
      if (title) file.ref.title = title;
      return file.ref;
    });
    if (typeof p.channel_id === 'string') {
      const channel = channelOf(ws, { channel: p.channel_id });
      ws.addMessage({
        channel: channel.id,
        user: BOT_USER_ID,
        botId: BOT_ID,
        text: String(p.initial_comment ?? ''),
        files: refs,
        threadTs: p.thread_ts as string | undefined,
      });
    }
    return { files: refs.map((r) => ({ id: r.id, title: r.title })) };
  },
};
