import { TEAM_ID, type OpenView, type SlackChannel, type SlackMessage, type SlackUser } from './workspace.js';

/** The bodies Slack sends to an app, built from the stand-in's state. */

export function slashCommandBody(args: {
  command: string;
  text: string;
  channel: SlackChannel;
  user: SlackUser;
  responseUrl: string;
  triggerId: string;
}): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    team_domain: 'sandbox',
    channel_id: args.channel.id,
    channel_name: args.channel.name,
    user_id: args.user.id,
    user_name: args.user.name,
    command: args.command,
    // As Slack sends what was typed: `&`, `<` and `>` as entities (should_escape only governs mentions and links).
    text: args.text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;'),
    api_app_id: 'A0CHATOPS01',
    is_enterprise_install: 'false',
    response_url: args.responseUrl,
    trigger_id: args.triggerId,
  }).toString();
}

export interface ActionInput {
  actionId: string;
  blockId?: string;
  value?: string;
  selectedOption?: { text: unknown; value: string };
  selectedUser?: string;
}

/** Finds the element the user clicked, so the payload carries its type, text and value as Slack's does. */
export function findElement(
  blocks: unknown[] | undefined,
  actionId: string,
  blockId?: string,
): Record<string, unknown> | undefined {
  for (const block of (blocks ?? []) as Record<string, unknown>[]) {
    if (blockId && block.block_id !== blockId) continue;
    const candidates = [
      ...((block.elements as Record<string, unknown>[] | undefined) ?? []),
      block.accessory as Record<string, unknown> | undefined,
    ];
    const element = candidates.find((e) => e?.action_id === actionId);
    if (element) return { ...element, block_id: block.block_id };
  }
  return undefined;
}

export function blockActionsBody(args: {
  user: SlackUser;
  input: ActionInput;
  element: Record<string, unknown> | undefined;
  responseUrl?: string;
  triggerId: string;
  channel?: SlackChannel;
  message?: SlackMessage;
  view?: OpenView;
}): string {
  const { input, element } = args;
  const action: Record<string, unknown> = {
    action_id: input.actionId,
    block_id: input.blockId ?? element?.block_id,
    type: element?.type ?? 'button',
    text: element?.text,
    value: input.value ?? element?.value,
    action_ts: (Date.now() / 1000).toFixed(6),
  };
  if (input.selectedOption) action.selected_option = input.selectedOption;
  if (input.selectedUser) action.selected_user = input.selectedUser;
  const payload: Record<string, unknown> = {
    type: 'block_actions',
    user: { id: args.user.id, username: args.user.name, name: args.user.name, team_id: TEAM_ID },
    api_app_id: 'A0CHATOPS01',
    token: 'deprecated-verification-token',
    team: { id: TEAM_ID, domain: 'sandbox' },
    trigger_id: args.triggerId,
    actions: [action],
    state: { values: {} },
  };
  if (args.view) {
    payload.container = { type: 'view', view_id: args.view.id };
    payload.view = { ...args.view.view, id: args.view.id, hash: args.view.hash, state: { values: {} } };
  } else if (args.message && args.channel) {
    payload.container = {
      type: 'message',
      message_ts: args.message.ts,
      channel_id: args.channel.id,
      is_ephemeral: !!args.message.ephemeral,
    };
    payload.channel = { id: args.channel.id, name: args.channel.name };
    payload.message = {
      type: 'message',
      ts: args.message.ts,
      text: args.message.text,
      blocks: args.message.blocks,
      user: args.message.user,
      bot_id: args.message.botId,
      thread_ts: args.message.threadTs,
    };
    payload.response_url = args.responseUrl;
  }
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function viewSubmissionBody(args: {
  user: SlackUser;
  view: OpenView;
  values: Record<string, unknown>;
  triggerId: string;
}): string {
  const payload = {
    type: 'view_submission',
    team: { id: TEAM_ID, domain: 'sandbox' },
    user: { id: args.user.id, username: args.user.name, name: args.user.name, team_id: TEAM_ID },
    api_app_id: 'A0CHATOPS01',
    token: 'deprecated-verification-token',
    trigger_id: args.triggerId,
    view: {
      ...args.view.view,
      id: args.view.id,
      hash: args.view.hash,
      team_id: TEAM_ID,
      state: { values: args.values },
    },
    response_urls: [],
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export function eventBody(event: Record<string, unknown>): string {
  return JSON.stringify({
    token: 'deprecated-verification-token',
    team_id: TEAM_ID,
    api_app_id: 'A0CHATOPS01',
    event: { ...event, event_ts: (Date.now() / 1000).toFixed(6) },
    type: 'event_callback',
    event_id: `Ev${Date.now().toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
  });
}
