// Slack mrkdwn -> safe HTML. Pure functions (no DOM) so they run in Node tests too.
// Every piece of input text is escaped; only markup produced here reaches innerHTML.
import { emojify } from './emoji.js';

/** Escapes text for HTML element content and (double-quoted) attribute values. */
export function escapeHtml(value) {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Slack sends literal &, <, > as &amp; &lt; &gt; in message text; undo that before escaping again. */
function decodeSlackEntities(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Only these URL shapes may reach href/src. Everything else (javascript:, vbscript:, data:text, //host) is dropped. */
export function safeUrl(url, { image = false } = {}) {
  const value = String(url ?? '').trim();
  if (/^(https?:|mailto:)/i.test(value)) return value;
  if (/^\/(?!\/)/.test(value) || /^\.\//.test(value)) return value;
  if (image && /^data:image\/(png|gif|jpeg|webp);base64,[a-z0-9+/=\s]+$/i.test(value)) return value;
  return '';
}

function userName(ctx, id) {
  return ctx?.users?.find?.((u) => u.id === id)?.name;
}

function channelName(ctx, id) {
  return ctx?.channels?.find?.((c) => c.id === id)?.name;
}

function groupHandle(ctx, id) {
  return ctx?.userGroups?.find?.((g) => g.id === id)?.handle;
}

const mention = (cls, attrs, text) => `<span class="${cls}"${attrs}>${escapeHtml(decodeSlackEntities(text))}</span>`;

/**
 * One <...> control sequence: user/channel mentions, special mentions, links. Unknown forms stay literal.
 * As in Slack, a known user, channel or group shows its current name; the `|label` is only a fallback.
 */
function renderAngle(inner, ctx) {
  const [target, label] = splitOnce(inner, '|');
  const bare = (text) => text.replace(/^[@#]/, '');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return mention('mention', ` data-user-id="${escapeHtml(id)}"`, `@${userName(ctx, id) ?? (bare(label) || id)}`);
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return mention(
      'mention channel',
      ` data-channel-id="${escapeHtml(id)}"`,
      `#${channelName(ctx, id) ?? (bare(label) || id)}`,
    );
  }
  if (target.startsWith('!')) {
    const [special, id = ''] = target.slice(1).split('^');
    if (special === 'date') return escapeHtml(decodeSlackEntities(label || special));
    if (special === 'subteam') return mention('mention special', '', `@${groupHandle(ctx, id) ?? (bare(label) || id)}`);
    return mention('mention special', '', `@${special}`);
  }
  const href = /^(https?:|mailto:)/i.test(target) ? safeUrl(decodeSlackEntities(target)) : '';
  if (!href) return escapeHtml(`<${decodeSlackEntities(inner)}>`);
  const text = emojify(escapeHtml(decodeSlackEntities(label || target.replace(/^mailto:/i, ''))));
  return `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${text}</a>`;
}

function splitOnce(text, separator) {
  const at = text.indexOf(separator);
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

// A marker must not sit inside a word (snake_case_names stay as typed); the body may not start with a space.
const format = (m, tag) => [
  new RegExp(`(^|[^a-zA-Z0-9${m}])\\${m}(?!\\s)([^${m}\\n]+?)(?<!\\s)\\${m}(?=$|[^a-zA-Z0-9])`, 'g'),
  tag,
];
const FORMATS = [format('*', 'b'), format('_', 'i'), format('~', 's')];

/** Plain (non-code) run: control sequences, escaping, emoji, bold/italic/strike, quotes, line breaks. */
function renderInline(text, ctx) {
  const saved = [];
  const withPlaceholders = text.replace(/<([^<>\n]+)>/g, (_, inner) => {
    saved.push(renderAngle(inner, ctx));
    return `\u0001${saved.length - 1}\u0002`;
  });
  let html = emojify(escapeHtml(decodeSlackEntities(withPlaceholders)));
  for (const [pattern, tag] of FORMATS) {
    // run twice so adjacent markers like *a* *b* both match (the boundary char is consumed)
    for (let pass = 0; pass < 2; pass += 1)
      html = html.replace(pattern, (_, lead, body) => `${lead}<${tag}>${body}</${tag}>`);
  }
  html = html
    .split('\n')
    .map((line) =>
      line.startsWith('&gt; ') || line === '&gt;' ? `<span class="quote">${line.replace(/^&gt; ?/, '')}</span>` : line,
    )
    .join('<br>');
  return html.replace(/\u0001(\d+)\u0002/g, (_, index) => saved[Number(index)] ?? '');
}

/**
 * Renders Slack mrkdwn text to HTML. ctx (optional) = { users: [{id,name}], channels: [{id,name}],
 * userGroups: [{id,handle}] } resolves <@U..>, <#C..> and <!subteam^S..> to names.
 */
export function renderMrkdwn(text, ctx) {
  const source = String(text ?? '').replace(/[\u0001\u0002]/g, '');
  const out = [];
  const pattern = /```([\s\S]*?)```|`([^`\n]+)`/g;
  let last = 0;
  for (let match = pattern.exec(source); match; match = pattern.exec(source)) {
    if (match.index > last) out.push(renderInline(source.slice(last, match.index), ctx));
    if (match[1] !== undefined)
      out.push(`<pre>${escapeHtml(decodeSlackEntities(match[1].replace(/^\n/, '').replace(/\n$/, '')))}</pre>`);
    else out.push(`<code>${escapeHtml(decodeSlackEntities(match[2]))}</code>`);
    last = pattern.lastIndex;
  }
  if (last < source.length) out.push(renderInline(source.slice(last), ctx));
  return out.join('');
}

/** A Block Kit text object ({type:'plain_text'|'mrkdwn', text}) or a bare string, to HTML. */
export function renderText(textObject, ctx) {
  if (textObject == null) return '';
  if (typeof textObject === 'string') return renderMrkdwn(textObject, ctx);
  if (textObject.type === 'mrkdwn')
    return textObject.verbatim ? escapeHtml(textObject.text) : renderMrkdwn(textObject.text, ctx);
  const escaped = escapeHtml(textObject.text);
  return textObject.emoji === false ? escaped : emojify(escaped);
}

/** The plain string of a text object (for <option> labels, titles, confirm dialogs). */
export function plainText(textObject) {
  if (textObject == null) return '';
  if (typeof textObject === 'string') return textObject;
  return String(textObject.text ?? '');
}
