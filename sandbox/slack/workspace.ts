/** The state of the stand-in workspace: channels, users, messages, open modals, files. */

export interface SlackUser {
  id: string;
  name: string;
  realName: string;
  isBot?: boolean;
}

export interface SlackChannel {
  id: string;
  name: string;
  topic: string;
  purpose: string;
  members: string[];
  isPrivate: boolean;
  isArchived: boolean;
  created: number;
  pins: string[];
}

export interface FileRef {
  id: string;
  /** The file name given at upload. */
  name?: string;
  title: string;
  mimetype: string;
  url: string;
}

export interface SlackMessage {
  channel: string;
  ts: string;
  threadTs?: string;
  user: string;
  username?: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  ephemeral?: boolean;
  visibleTo?: string;
  files?: FileRef[];
  /** chat.postMessage's `metadata`; conversations.history returns it only with include_all_metadata. */
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  edited?: boolean;
  reactions: { name: string; users: string[] }[];
}

export interface OpenView {
  id: string;
  userId: string;
  hash: string;
  view: Record<string, unknown>;
}

export interface UserGroup {
  id: string;
  handle: string;
  name: string;
  users: string[];
}

export const BOT_USER_ID = 'U0CHATOPSBOT';
export const BOT_ID = 'B0CHATOPSBOT';
export const TEAM_ID = 'T0SANDBOX1';

export class Workspace {
  readonly name = 'Sandbox';
  version = 1;
  users: SlackUser[] = [
    { id: 'U0ALEX0001', name: 'alex', realName: 'Alex Rivera' },
    { id: 'U0SAM00002', name: 'sam', realName: 'Sam Okafor' },
    { id: 'U0JO000003', name: 'jo', realName: 'Jo Lindqvist' },
    { id: BOT_USER_ID, name: 'chatops', realName: 'ChatOps', isBot: true },
  ];
  userGroups: UserGroup[] = [
    { id: 'S0SRETEAM1', handle: 'sre-team', name: 'SRE team', users: ['U0ALEX0001', 'U0SAM00002'] },
  ];
  channels: SlackChannel[] = [];
  messages: SlackMessage[] = [];
  views: OpenView[] = [];
  /** Each user's Home tab as views.publish left it (with its `id` and `hash`, as Slack returns a view). */
  homeViews = new Map<string, Record<string, unknown>>();
  files = new Map<string, { ref: FileRef; bytes: Buffer }>();
  currentUserId = 'U0ALEX0001';
  private lastTs = 0;
  private counter = 0;

  constructor(channelNames = ['general', 'deploys', 'deploys-staging', 'incidents', 'costs', 'ops']) {
    for (const name of channelNames) this.createChannel(name, 'U0ALEX0001');
  }

  touch(): void {
    this.version += 1;
  }

  nextId(prefix: string): string {
    this.counter += 1;
    return `${prefix}0${String(this.counter).padStart(8, '0')}`;
  }

  /** Slack timestamps are unique per channel and increase; ours are unique in the workspace. */
  nextTs(): string {
    const micros = Math.max(Date.now() * 1000, this.lastTs + 1);
    this.lastTs = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  }

  createChannel(name: string, creator: string, isPrivate = false): SlackChannel {
    const channel: SlackChannel = {
      id: this.nextId(isPrivate ? 'G' : 'C'),
      name,
      topic: '',
      purpose: '',
      members: [...new Set([creator, BOT_USER_ID, 'U0ALEX0001', 'U0SAM00002', 'U0JO000003'])],
      isPrivate,
      isArchived: false,
      created: Math.floor(Date.now() / 1000),
      pins: [],
    };
    this.channels.push(channel);
    this.touch();
    return channel;
  }

  /** Accepts an ID (C…) or a name, with or without '#'. */
  findChannel(idOrName: string): SlackChannel | undefined {
    const name = idOrName.replace(/^#/, '');
    return this.channels.find((c) => c.id === idOrName || c.name === name);
  }

  findUser(id: string): SlackUser | undefined {
    return this.users.find((u) => u.id === id);
  }

  /** The user named, or the one the page acts as. */
  actingUser(id?: string): SlackUser {
    const user = this.findUser(id ?? this.currentUserId);
    if (!user) throw new Error(`unknown user ${id}`);
    return user;
  }

  messagesIn(channel: string): SlackMessage[] {
    const id = this.findChannel(channel)?.id;
    return this.messages.filter((m) => m.channel === id);
  }

  /** A Home tab by its view ID, shaped as an open view, for clicks on its buttons. */
  findHomeView(viewId: string): OpenView | undefined {
    for (const [userId, view] of this.homeViews)
      if (view.id === viewId) return { id: viewId, userId, hash: String(view.hash ?? ''), view };
    return undefined;
  }

  findMessage(channel: string, ts: string): SlackMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  addMessage(message: Omit<SlackMessage, 'ts' | 'reactions'>): SlackMessage {
    const full: SlackMessage = { ...message, ts: this.nextTs(), reactions: [] };
    this.messages.push(full);
    this.touch();
    return full;
  }
}
