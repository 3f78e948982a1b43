// Block Kit JSON -> HTML strings. Pure (no DOM), so Node tests can call it directly.
// ctx: { users?: [{id,name,isBot}], channels?: [{id,name}], inView?: boolean, viewId?: string,
//        errors?: { [block_id]: string }, error?: string }
import { escapeHtml, plainText, renderMrkdwn, renderText, safeUrl } from './mrkdwn.js';

export { escapeHtml, renderMrkdwn, renderText } from './mrkdwn.js';

const esc = escapeHtml;
const attrJson = (value) => esc(JSON.stringify(value));

/** Element types whose value lands in view.state.values. */
export const STATEFUL = new Set([
  'plain_text_input',
  'number_input',
  'email_text_input',
  'url_text_input',
  'static_select',
  'external_select',
  'multi_static_select',
  'multi_external_select',
  'users_select',
  'multi_users_select',
  'conversations_select',
  'multi_conversations_select',
  'channels_select',
  'multi_channels_select',
  'radio_buttons',
  'checkboxes',
  'datepicker',
  'timepicker',
]);

export function blockId(block, index) {
  return block?.block_id ?? `block-${index}`;
}

function actionId(element, index) {
  return element?.action_id ?? `action-${index}`;
}

/** Attributes every interactive element carries so app.js can build the action payload from the DOM alone. */
function dataAttrs(element, bid, index, opts) {
  const parts = [
    `data-type="${esc(element.type)}"`,
    `data-action-id="${esc(actionId(element, index))}"`,
    `data-block-id="${esc(bid)}"`,
  ];
  if (opts.synthetic) parts.push('data-block-synthetic="1"'); // the block had no block_id: do not send ours
  if (STATEFUL.has(element.type)) parts.push('data-stateful="1"');
  if (opts.dispatch) parts.push('data-dispatch="1"');
  if (element.confirm) parts.push(`data-confirm="${attrJson(element.confirm)}"`);
  return parts.join(' ');
}

function optionTag(option, selected) {
  const label = esc(plainText(option.text));
  return `<option value="${esc(option.value)}" data-option="${attrJson(option)}"${selected ? ' selected' : ''}>${label}</option>`;
}

function optionList(element, isSelected) {
  if (element.option_groups) {
    return element.option_groups
      .map(
        (g) =>
          `<optgroup label="${esc(plainText(g.label))}">${(g.options ?? []).map((o) => optionTag(o, isSelected(o))).join('')}</optgroup>`,
      )
      .join('');
  }
  return (element.options ?? []).map((o) => optionTag(o, isSelected(o))).join('');
}

function placeholderOption(element, hasInitial) {
  const text = esc(plainText(element.placeholder) || 'Select an option');
  return `<option value=""${hasInitial ? '' : ' selected'}>${text}</option>`;
}

/** users_select / conversations_select reuse the workspace lists from ctx as options. */
function entityOptions(items, initial, prefix) {
  return (items ?? [])
    .map((item) => {
      const option = { text: { type: 'plain_text', text: `${prefix}${item.name}` }, value: item.id };
      return optionTag(option, Array.isArray(initial) ? initial.includes(item.id) : initial === item.id);
    })
    .join('');
}

function choiceList(element, bid, index, opts, kind) {
  const name = esc(`${bid}::${actionId(element, index)}`);
  const initial =
    kind === 'radio' ? [element.initial_option?.value] : (element.initial_options ?? []).map((o) => o.value);
  const items = (element.options ?? []).map((option) => {
    const checked = initial.includes(option.value) ? ' checked' : '';
    const desc = option.description
      ? `<span class="choice-desc">${renderText(option.description, opts.ctx)}</span>`
      : '';
    return `<label class="choice"><input type="${kind}" name="${name}" value="${esc(option.value)}" data-option="${attrJson(option)}"${checked}><span class="choice-text">${renderText(option.text, opts.ctx)}${desc}</span></label>`;
  });
  return `<div class="el-choices" ${dataAttrs(element, bid, index, opts)}>${items.join('')}</div>`;
}

/** One interactive or image element. opts = { dispatch, ctx, synthetic (block had no block_id) }. */
export function renderElement(element, bid, index, opts) {
  const ctx = opts.ctx ?? {};
  const attrs = dataAttrs(element, bid, index, opts);
  const placeholder = element.placeholder ? ` placeholder="${esc(plainText(element.placeholder))}"` : '';
  switch (element.type) {
    case 'button': {
      const style = element.style === 'primary' || element.style === 'danger' ? ` btn-${element.style}` : '';
      const url = element.url ? safeUrl(element.url) : '';
      const extra = `${element.value !== undefined ? ` data-value="${esc(element.value)}"` : ''}${url ? ` data-url="${esc(url)}"` : ''}`;
      return `<button type="button" class="btn${style}" ${attrs}${extra}>${renderText(element.text, ctx)}${url ? ' <span class="ext">↗</span>' : ''}</button>`;
    }
    case 'static_select':
    case 'external_select':
    case 'multi_static_select':
    case 'multi_external_select': {
      const multi = element.type.startsWith('multi_');
      const initial = multi ? (element.initial_options ?? []).map((o) => o.value) : [element.initial_option?.value];
      const first = multi ? '' : placeholderOption(element, Boolean(element.initial_option));
      return `<select class="el-select"${multi ? ' multiple' : ''} ${attrs}>${first}${optionList(element, (o) => initial.includes(o.value))}</select>`;
    }
    case 'users_select':
    case 'multi_users_select': {
      const multi = element.type.startsWith('multi_');
      const initial = multi ? (element.initial_users ?? []) : element.initial_user;
      return `<select class="el-select"${multi ? ' multiple' : ''} ${attrs}>${multi ? '' : placeholderOption(element, Boolean(initial))}${entityOptions(ctx.users, initial, '')}</select>`;
    }
    case 'conversations_select':
    case 'channels_select':
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const multi = element.type.startsWith('multi_');
      const initial =
        element.initial_conversation ??
        element.initial_channel ??
        element.initial_conversations ??
        element.initial_channels;
      return `<select class="el-select"${multi ? ' multiple' : ''} ${attrs}>${multi ? '' : placeholderOption(element, Boolean(initial))}${entityOptions(ctx.channels, initial, '#')}</select>`;
    }
    case 'overflow':
      return `<select class="el-overflow" aria-label="More actions" ${attrs}><option value="" selected>⋯</option>${optionList(element, () => false)}</select>`;
    case 'datepicker':
      return `<input type="date" class="el-input el-date" value="${esc(element.initial_date ?? '')}" ${attrs}>`;
    case 'timepicker':
      return `<input type="time" class="el-input el-date" value="${esc(element.initial_time ?? '')}" ${attrs}>`;
    case 'plain_text_input': {
      const max = element.max_length ? ` maxlength="${Number(element.max_length)}"` : '';
      if (element.multiline)
        return `<textarea class="el-input" rows="4"${placeholder}${max} ${attrs}>${esc(element.initial_value ?? '')}</textarea>`;
      return `<input type="text" class="el-input"${placeholder}${max} value="${esc(element.initial_value ?? '')}" ${attrs}>`;
    }
    case 'email_text_input':
    case 'url_text_input': {
      const type = element.type === 'email_text_input' ? 'email' : 'url';
      return `<input type="${type}" class="el-input"${placeholder} value="${esc(element.initial_value ?? '')}" ${attrs}>`;
    }
    case 'number_input': {
      const bounds = `${element.min_value !== undefined ? ` min="${esc(element.min_value)}"` : ''}${element.max_value !== undefined ? ` max="${esc(element.max_value)}"` : ''}`;
      const step = element.is_decimal_allowed ? 'any' : '1';
      return `<input type="number" class="el-input" step="${step}"${bounds}${placeholder} value="${esc(element.initial_value ?? '')}" ${attrs}>`;
    }
    case 'radio_buttons':
      return choiceList(element, bid, index, opts, 'radio');
    case 'checkboxes':
      return choiceList(element, bid, index, opts, 'checkbox');
    case 'image': {
      const src = safeUrl(element.image_url, { image: true });
      return src ? `<img class="el-image" src="${esc(src)}" alt="${esc(element.alt_text ?? '')}">` : '';
    }
    default:
      return `<span class="el-unknown">[${esc(element.type)}]</span>`;
  }
}

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
