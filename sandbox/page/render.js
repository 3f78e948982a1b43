// Block Kit JSON -> HTML strings. Pure (no DOM), so Node tests can call it directly.
// ctx: { users?: [{id,name,isBot}], channels?: [{id,name}], inView?: boolean, viewId?: string,
//        errors?: { [block_id]: string }, error?: string }
import { blockId, renderElement } from './elements.js';
import { escapeHtml, plainText, renderMrkdwn, renderText, safeUrl } from './mrkdwn.js';

export { escapeHtml, renderMrkdwn, renderText } from './mrkdwn.js';

const esc = escapeHtml;

function richInline(element, ctx) {
  switch (element.type) {
    case 'text': {
      const s = element.style ?? {};
      let html = esc(element.text).replace(/\n/g, '<br>');
      if (s.code) html = `<code>${html}</code>`;
      if (s.bold) html = `<b>${html}</b>`;
      if (s.italic) html = `<i>${html}</i>`;
      if (s.strike) html = `<s>${html}</s>`;
      return html;
    }
    case 'link': {
      const href = safeUrl(element.url);
      const label = esc(element.text ?? element.url);
      return href ? `<a href="${esc(href)}" target="_blank" rel="noopener noreferrer">${label}</a>` : label;
    }
    case 'user':
      return renderMrkdwn(`<@${element.user_id}>`, ctx);
    case 'channel':
      return renderMrkdwn(`<#${element.channel_id}>`, ctx);
    case 'broadcast':
      return `<span class="mention special">@${esc(element.range)}</span>`;
    case 'emoji':
      return element.unicode
        ? esc(String.fromCodePoint(...element.unicode.split('-').map((h) => parseInt(h, 16))))
        : renderMrkdwn(`:${element.name}:`);
    case 'date':
      return esc(element.fallback ?? element.timestamp);
    default:
      return esc(element.text ?? '');
  }
}

function richBlock(element, ctx) {
  const inline = (el) => (el.elements ?? []).map((child) => richInline(child, ctx)).join('');
  switch (element.type) {
    case 'rich_text_list': {
      const tag = element.style === 'ordered' ? 'ol' : 'ul';
      return `<${tag}>${(element.elements ?? []).map((item) => `<li>${inline(item)}</li>`).join('')}</${tag}>`;
    }
    case 'rich_text_preformatted':
      return `<pre>${inline(element)}</pre>`;
    case 'rich_text_quote':
      return `<blockquote>${inline(element)}</blockquote>`;
    default:
      return `<div class="rich-p">${inline(element)}</div>`;
  }
}

function renderBlock(block, index, ctx) {
  const bid = blockId(block, index);
  const inView = Boolean(ctx.inView);
  const opts = { dispatch: true, ctx, synthetic: block.block_id == null };
  const open = (cls) => `<div class="blk blk-${cls}" data-block-id="${esc(bid)}">`;
  switch (block.type) {
    case 'header':
      return `${open('header')}${renderText(block.text, ctx)}</div>`;
    case 'section': {
      const text = block.text ? `<div class="section-text">${renderText(block.text, ctx)}</div>` : '';
      const fields = block.fields?.length
        ? `<div class="section-fields">${block.fields.map((f) => `<div class="field">${renderText(f, ctx)}</div>`).join('')}</div>`
        : '';
      const accessory = block.accessory
        ? `<div class="accessory">${renderElement(block.accessory, bid, 0, opts)}</div>`
        : '';
      return `${open('section')}<div class="section-main">${text}${fields}</div>${accessory}</div>`;
    }
    case 'divider':
      return `<hr class="blk blk-divider" data-block-id="${esc(bid)}">`;
    case 'context': {
      const items = (block.elements ?? []).map((el) =>
        el.type === 'image'
          ? renderElement(el, bid, 0, opts).replace('el-image', 'ctx-image')
          : `<span class="ctx-text">${renderText(el, ctx)}</span>`,
      );
      return `${open('context')}${items.join('')}</div>`;
    }
    case 'actions':
      return `${open('actions')}${(block.elements ?? []).map((el, i) => renderElement(el, bid, i, opts)).join('')}</div>`;
    case 'image': {
      const src = safeUrl(block.image_url, { image: true });
      const title = block.title ? `<figcaption>${renderText(block.title, ctx)}</figcaption>` : '';
      return `<figure class="blk blk-image" data-block-id="${esc(bid)}">${title}${src ? `<img src="${esc(src)}" alt="${esc(block.alt_text ?? '')}">` : ''}</figure>`;
    }
    case 'rich_text':
      return `${open('rich')}${(block.elements ?? []).map((el) => richBlock(el, ctx)).join('')}</div>`;
    case 'markdown':
      return `${open('markdown')}${renderMrkdwn(String(block.text ?? '').replace(/\*\*(.+?)\*\*/g, '*$1*'), ctx)}</div>`;
    case 'input': {
      const optional = block.optional ? ' <span class="optional">(optional)</span>' : '';
      const hint = block.hint ? `<div class="hint">${renderText(block.hint, ctx)}</div>` : '';
      const error = ctx.errors?.[bid] ? `<div class="input-error" role="alert">${esc(ctx.errors[bid])}</div>` : '';
      const element = block.element
        ? renderElement(block.element, bid, 0, { ...opts, dispatch: !inView || Boolean(block.dispatch_action) })
        : '';
      return `<div class="blk blk-input${error ? ' has-error' : ''}" data-block-id="${esc(bid)}"${block.optional ? ' data-optional="1"' : ''}><label class="input-label">${esc(plainText(block.label))}${optional}</label>${element}${hint}${error}</div>`;
    }
    case 'file':
      return `${open('file')}📎 File ${esc(block.external_id ?? '')}</div>`;
    case 'video':
      return `${open('video')}🎬 ${renderText(block.title, ctx)}</div>`;
    default:
      return `${open('unknown')}<span class="el-unknown">Unsupported block: ${esc(block.type)}</span></div>`;
  }
}

/** An array of Block Kit blocks to HTML. */
export function renderBlocks(blocks, ctx = {}) {
  if (!Array.isArray(blocks)) return '';
  return `<div class="blocks">${blocks.map((block, i) => (block && typeof block === 'object' ? renderBlock(block, i, ctx) : '')).join('')}</div>`;
}

/** A Slack modal view ({type:'modal', title, submit?, close?, blocks}) to a dialog. ctx.viewId, ctx.errors, ctx.error. */
export function renderModal(view, ctx = {}) {
  const v = view ?? {};
  const id = esc(ctx.viewId ?? v.id ?? '');
  const title = renderText(v.title ?? { type: 'plain_text', text: 'Modal' }, ctx);
  const body = renderBlocks(v.blocks ?? [], { ...ctx, inView: true });
  const closeText = v.close ? renderText(v.close, ctx) : 'Cancel';
  const submit = v.submit
    ? `<button type="button" class="btn btn-primary" data-modal="submit">${renderText(v.submit, ctx)}</button>`
    : '';
  const error = ctx.error ? `<div class="modal-error" role="alert">${esc(ctx.error)}</div>` : '';
  return (
    `<div class="modal-backdrop"><div class="modal" role="dialog" aria-modal="true" aria-labelledby="modal-title" data-view-id="${id}" data-callback-id="${esc(v.callback_id ?? '')}">` +
    `<header class="modal-head"><h2 id="modal-title">${title}</h2><button type="button" class="modal-x" data-modal="close" aria-label="Close">×</button></header>` +
    `<div class="modal-body">${body}</div>${error}` +
    `<footer class="modal-foot"><button type="button" class="btn" data-modal="close">${closeText}</button>${submit}</footer></div></div>`
  );
}
