// Block Kit elements (buttons, selects, inputs, pickers…) -> HTML strings, with the data attributes the page reads
// back when one is clicked or submitted. Pure (no DOM).
import { escapeHtml as esc, plainText, renderText, safeUrl } from './mrkdwn.js';

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
