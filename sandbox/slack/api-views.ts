import { BOT_ID, BOT_USER_ID, type Workspace } from './workspace.js';
import { type ApiContext, channelOf, type Method, type Params, SlackApiError, str } from './api-support.js';

/** Modals and App Home (views.*), people and groups (users.*, usergroups.*), and file uploads (files.*). */
function openView(ws: Workspace, p: Params, ctx: ApiContext): Record<string, unknown> {
  const { userId } = ctx.useTrigger(p.trigger_id);
  const view = { id: ws.nextId('V'), userId, hash: ws.nextTs(), view: p.view as Record<string, unknown> };
  if (p.push) ws.views.push(view);
  else ws.views = [...ws.views.filter((v) => v.userId !== userId), view];
  ws.touch();
  return { view: { ...view.view, id: view.id, hash: view.hash } };
}

export const VIEW_METHODS: Record<string, Method> = {
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
};

export const USER_AND_FILE_METHODS: Record<string, Method> = {
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
