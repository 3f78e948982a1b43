// Message list, threads and the App Home pane -> HTML strings. Pure (no DOM).
import { escapeHtml as esc, renderMrkdwn, safeUrl } from './mrkdwn.js';
import { renderBlocks } from './render.js';

/** Compares Slack timestamps ("1712345678.000100") exactly, without float rounding. */
export function compareTs(a, b) {
  const [ai = '0', af = ''] = String(a).split('.');
  const [bi = '0', bf = ''] = String(b).split('.');
  if (ai.length !== bi.length) return ai.length - bi.length;
  if (ai !== bi) return ai < bi ? -1 : 1;
  const pa = af.padEnd(6, '0');
  const pb = bf.padEnd(6, '0');
  return pa === pb ? 0 : pa < pb ? -1 : 1;
}

export function formatTime(ts) {
  const date = new Date(Number(String(ts).split('.')[0]) * 1000);
  if (Number.isNaN(date.getTime())) return '';
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

/** Messages of a channel the current user may see (ephemerals only for their addressee), oldest first. */
export function visibleMessages(state, channelId) {
  return (state.messages ?? [])
    .filter((m) => m.channel === channelId)
    .filter((m) => !m.ephemeral || !m.visibleTo || m.visibleTo === state.currentUserId)
    .sort((a, b) => compareTs(a.ts, b.ts));
}

/** Splits into top-level messages and replies grouped by parent ts. Replies whose parent is not visible stay top-level. */
export function threadMessages(messages) {
  const tops = new Set(messages.filter((m) => !m.threadTs || m.threadTs === m.ts).map((m) => m.ts));
  const replies = new Map();
  const top = [];
  for (const m of messages) {
    if (m.threadTs && m.threadTs !== m.ts && tops.has(m.threadTs)) {
      if (!replies.has(m.threadTs)) replies.set(m.threadTs, []);
      replies.get(m.threadTs).push(m);
    } else top.push(m);
  }
  return { top, replies };
}

function author(state, message) {
  const user = (state.users ?? []).find((u) => u.id === message.user);
  const isBot =
    Boolean(user?.isBot) ||
    message.user === state.botUserId ||
    Boolean(message.botId ?? message.bot_id) ||
    message.user === 'USLACKBOT';
  return { name: message.username || user?.name || message.user || 'unknown', isBot };
}

function avatar(name, isBot) {
  if (isBot) return '<div class="avatar bot" aria-hidden="true">🤖</div>';
  const hue = [...name].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 360, 7);
  return `<div class="avatar" style="background:hsl(${hue} 45% 45%)" aria-hidden="true">${esc(name.slice(0, 1).toUpperCase())}</div>`;
}

function renderFiles(files) {
  if (!Array.isArray(files) || files.length === 0) return '';
  const items = files.map((file) => {
    const url = safeUrl(file.url ?? file.url_private, { image: true });
    const title = esc(file.title ?? file.name ?? 'file');
    if (url && String(file.mimetype ?? '').startsWith('image/')) {
      return `<figure class="file file-image"><figcaption>${title}</figcaption><a href="${esc(url)}" target="_blank" rel="noopener noreferrer"><img src="${esc(url)}" alt="${title}"></a></figure>`;
    }
    return `<div class="file">📎 ${url ? `<a href="${esc(url)}" target="_blank" rel="noopener noreferrer">${title}</a>` : title}</div>`;
  });
  return `<div class="files">${items.join('')}</div>`;
}

function renderAttachments(attachments, ctx) {
  if (!Array.isArray(attachments) || attachments.length === 0) return '';
  return attachments
    .map((a) => {
      const color = /^#?[0-9a-f]{3,8}$/i.test(a.color ?? '')
        ? a.color.startsWith('#')
          ? a.color
          : `#${a.color}`
        : ({ good: '#2eb67d', warning: '#ecb22e', danger: '#e01e5a' }[a.color] ?? '#d1d2d3');
      const title = a.title ? `<div class="att-title">${esc(a.title)}</div>` : '';
      const text = a.text ? `<div>${renderMrkdwn(a.text, ctx)}</div>` : '';
      const fields =
        Array.isArray(a.fields) && a.fields.length
          ? `<div class="section-fields">${a.fields.map((f) => `<div class="field"><b>${esc(f.title ?? '')}</b><br>${renderMrkdwn(f.value ?? '', ctx)}</div>`).join('')}</div>`
          : '';
      return `<div class="attachment" style="border-left-color:${color}">${title}${text}${fields}${renderBlocks(a.blocks, ctx)}</div>`;
    })
    .join('');
}

function renderReactions(reactions) {
  if (!Array.isArray(reactions) || reactions.length === 0) return '';
  const chips = reactions.map(
    (r) => `<span class="reaction">${renderMrkdwn(`:${r.name}:`)} ${esc(r.count ?? r.users?.length ?? 1)}</span>`,
  );
  return `<div class="reactions">${chips.join('')}</div>`;
}

/** One message (without its thread). opts = { compact, isReply } */
export function renderMessage(state, message, opts = {}) {
  const ctx = { users: state.users, channels: state.channels, userGroups: state.userGroups };
  const who = author(state, message);
  const body =
    Array.isArray(message.blocks) && message.blocks.length > 0
      ? renderBlocks(message.blocks, ctx)
      : `<div class="text">${renderMrkdwn(message.text ?? '', ctx)}</div>`;
  const edited = message.edited ? ' <span class="edited">(edited)</span>' : '';
  const ephemeral = message.ephemeral ? '<div class="ephemeral-note">👁 Only visible to you</div>' : '';
  const head = opts.compact
    ? `<div class="gutter"><span class="time-hover">${esc(formatTime(message.ts))}</span></div>`
    : avatar(who.name, who.isBot);
  const header = opts.compact
    ? ''
    : `<div class="msg-head"><span class="author">${esc(who.name)}</span>${who.isBot ? '<span class="app-badge">APP</span>' : ''}<span class="time" title="${esc(message.ts)}">${esc(formatTime(message.ts))}</span></div>`;
  const replyButton = opts.isReply
    ? ''
    : `<button type="button" class="tool" data-reply="${esc(message.ts)}" title="Reply in thread">💬</button>`;
  const tools = `<div class="msg-tools"><button type="button" class="tool" data-react="${esc(message.ts)}" title="React with :pushpin:">📌 pin-react</button>${replyButton}</div>`;
  const classes = ['msg', opts.compact ? 'compact' : '', message.ephemeral ? 'ephemeral' : '']
    .filter(Boolean)
    .join(' ');
  return (
    `<div class="${classes}" data-channel="${esc(message.channel)}" data-ts="${esc(message.ts)}">${head}<div class="msg-main">${header}${ephemeral}${body}${edited}` +
    `${renderAttachments(message.attachments, ctx)}${renderFiles(message.files)}${renderReactions(message.reactions)}</div>${tools}</div>`
  );
}

function renderList(state, messages) {
  let previous = null;
  return messages.map((m) => {
    const sameAuthor =
      previous &&
      previous.user === m.user &&
      (previous.username ?? '') === (m.username ?? '') &&
      !m.ephemeral &&
      !previous.ephemeral &&
      Number(m.ts) - Number(previous.ts) < 300;
    previous = m;
    return {
      message: m,
      html: renderMessage(state, m, {
        compact: Boolean(sameAuthor),
        isReply: Boolean(m.threadTs && m.threadTs !== m.ts),
      }),
    };
  });
}

/** The whole channel pane. ui = { channelId, openThreads: Set<ts> } */
export function renderMessages(state, ui) {
  const { top, replies } = threadMessages(visibleMessages(state, ui.channelId));
  if (top.length === 0) return '<div class="empty">No messages yet. Try a command from the sidebar.</div>';
  return renderList(state, top)
    .map(({ message, html }) => {
      const thread = replies.get(message.ts) ?? [];
      const open = ui.openThreads?.has(message.ts);
      if (thread.length === 0 && !open) return html;
      const label = thread.length === 1 ? '1 reply' : `${thread.length} replies`;
      const toggle = `<button type="button" class="thread-toggle" data-thread-toggle="${esc(message.ts)}" aria-expanded="${open ? 'true' : 'false'}">${open ? '▾' : '▸'} ${label}</button>`;
      const body = open
        ? `<div class="thread">${renderList(state, thread)
            .map((r) => r.html)
            .join(
              '',
            )}<input class="thread-reply" data-thread-ts="${esc(message.ts)}" placeholder="Reply…" aria-label="Reply in thread"></div>`
        : '';
      return `${html}<div class="thread-wrap">${toggle}${body}</div>`;
    })
    .join('');
}

/** The App Home pane: the view the bot published for the current user with views.publish, or a wait note. */
export function renderHome(state, error = '') {
  const problem = error ? `<div class="composer-error" role="alert">${esc(error)}</div>` : '';
  if (!state.home)
    return `${problem}<div class="empty">Opening Home… The bot publishes it with views.publish when it gets app_home_opened.</div>`;
  const ctx = { users: state.users, channels: state.channels, userGroups: state.userGroups };
  return `${problem}<div class="home-view" data-view-id="${esc(state.home.id ?? '')}">${renderBlocks(state.home.blocks, ctx)}</div>`;
}

/** `https://…/archives/C123/p1712345678000100` (a Slack permalink, as chat.getPermalink gives) → { channel, ts }. */
export function permalinkTarget(href) {
  const match = /\/archives\/([CGD][A-Z0-9]+)\/p(\d{7,})$/.exec(String(href ?? '').split(/[?#]/)[0]);
  return match ? { channel: match[1], ts: `${match[2].slice(0, -6)}.${match[2].slice(-6)}` } : null;
}
