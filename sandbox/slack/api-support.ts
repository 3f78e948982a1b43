import { BOT_USER_ID, type SlackChannel, type SlackMessage, type Workspace } from './workspace.js';

/** Slack answers {ok:false,error} with HTTP 200; these helpers keep the method bodies short. */
export class SlackApiError extends Error {
  constructor(readonly error: string) {
    super(error);
  }
}

export type Params = Record<string, unknown>;
/** One Web API method: the workspace, the call's parameters, and what the stand-in around it knows. */
export type Method = (ws: Workspace, p: Params, ctx: ApiContext) => Record<string, unknown>;

export interface ApiContext {
  baseUrl: string;
  /** Consumes a trigger_id; throws when it is unknown, used or older than 3 s. */
  useTrigger(triggerId: unknown): { userId: string };
}

export const str = (p: Params, key: string): string => {
  const value = p[key];
  if (typeof value !== 'string' || value === '') throw new SlackApiError(`invalid_arguments`);
  return value;
};
export const channelOf = (ws: Workspace, p: Params): SlackChannel => {
  const channel = ws.findChannel(str(p, 'channel'));
  if (!channel) throw new SlackApiError('channel_not_found');
  if (channel.isArchived) throw new SlackApiError('is_archived');
  return channel;
};
export const messageJson = (m: SlackMessage, withMetadata = false): Record<string, unknown> => ({
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
export const flag = (value: unknown): boolean => value === true || value === 'true' || value === '1';
export const channelJson = (c: SlackChannel): Record<string, unknown> => ({
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
