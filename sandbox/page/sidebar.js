// The sidebar: channels (with unread dots), the "You are" switch, and the commands the bot registered.
import { escapeHtml as esc } from './mrkdwn.js';

/** Sidebar channel list. unread: Set of channel ids with unseen messages. */
export function renderChannelList(state, selectedId, unread = new Set()) {
  return (state.channels ?? [])
    .map((c) => {
      const active = c.id === selectedId ? ' active' : '';
      const dot = unread.has(c.id) ? '<span class="unread-dot" aria-label="unread"></span>' : '';
      return `<li><button type="button" class="channel${active}${dot ? ' unread' : ''}" data-channel-id="${esc(c.id)}"><span class="hash">#</span>${esc(c.name)}${dot}</button></li>`;
    })
    .join('');
}

export function renderUserOptions(state) {
  return (state.users ?? [])
    .filter((u) => !u.isBot && u.id !== state.botUserId)
    .map(
      (u) => `<option value="${esc(u.id)}"${u.id === state.currentUserId ? ' selected' : ''}>${esc(u.name)}</option>`,
    )
    .join('');
}

export function renderCommandList(state) {
  if (!state.commands?.length) return '<li class="side-note">No commands registered yet</li>';
  return state.commands
    .map(
      (c) =>
        `<li><button type="button" class="cmd" data-usage="${esc(c.usage ?? c.command)}" title="${esc(c.description ?? '')}"><code>${esc(c.usage ?? c.command)}</code>${c.description ? `<span class="cmd-desc">${esc(c.description)}</span>` : ''}</button></li>`,
    )
    .join('');
}
