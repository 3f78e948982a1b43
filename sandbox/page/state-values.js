// Reads Block Kit elements back out of the DOM: Slack's view.state.values shape for modal submissions,
// and the page API's action fields for interactive elements. Browser-only (uses DOM elements).

function parseOption(node) {
  try {
    return JSON.parse(node.dataset.option);
  } catch {
    return { text: { type: 'plain_text', text: node.textContent ?? '' }, value: node.value };
  }
}

function selectedOptions(el) {
  if (el.tagName === 'SELECT') return [...el.selectedOptions].filter((o) => o.value !== '').map(parseOption);
  return [...el.querySelectorAll('input:checked')].map(parseOption);
}

function selectedValues(el) {
  return selectedOptions(el).map((o) => o.value);
}

/** One stateful element -> its Slack state value ({type, value} | {type, selected_option} | ...). */
export function readElement(el) {
  const type = el.dataset.type;
  switch (type) {
    case 'plain_text_input':
    case 'number_input':
    case 'email_text_input':
    case 'url_text_input':
      return { type, value: el.value === '' ? null : el.value };
    case 'static_select':
    case 'external_select':
    case 'radio_buttons':
      return { type, selected_option: selectedOptions(el)[0] ?? null };
    case 'multi_static_select':
    case 'multi_external_select':
    case 'checkboxes':
      return { type, selected_options: selectedOptions(el) };
    case 'users_select':
      return { type, selected_user: el.value || null };
    case 'multi_users_select':
      return { type, selected_users: selectedValues(el) };
    case 'conversations_select':
      return { type, selected_conversation: el.value || null };
    case 'channels_select':
      return { type, selected_channel: el.value || null };
    case 'multi_conversations_select':
      return { type, selected_conversations: selectedValues(el) };
    case 'multi_channels_select':
      return { type, selected_channels: selectedValues(el) };
    case 'datepicker':
      return { type, selected_date: el.value || null };
    case 'timepicker':
      return { type, selected_time: el.value || null };
    default:
      return { type, value: el.value ?? null };
  }
}

/** Slack's view.state.values: { [block_id]: { [action_id]: value } } for every stateful element under root. */
export function collectValues(root) {
  const values = {};
  for (const el of root.querySelectorAll('[data-stateful]')) {
    const blockId = el.dataset.blockId;
    values[blockId] ??= {};
    values[blockId][el.dataset.actionId] = readElement(el);
  }
  return values;
}

function isEmpty(state) {
  if ('value' in state) return state.value === null || String(state.value).trim() === '';
  if ('selected_options' in state) return state.selected_options.length === 0;
  const key = Object.keys(state).find((k) => k.startsWith('selected_'));
  if (!key) return false;
  const v = state[key];
  return v === null || (Array.isArray(v) && v.length === 0);
}

/** Like Slack's client: required (non-optional) input blocks must be filled before the submission is sent. */
export function missingRequired(root) {
  const errors = {};
  for (const block of root.querySelectorAll('.blk-input:not([data-optional])')) {
    const el = block.querySelector('[data-stateful]');
    if (el && isEmpty(readElement(el))) errors[block.dataset.blockId] = 'Please complete this required field.';
  }
  return errors;
}

/** The action fields for an interactive element that changed or was clicked (see POST /sandbox/api/action). */
export function actionFields(el) {
  const type = el.dataset.type;
  const fields = { actionId: el.dataset.actionId, type };
  if (!el.dataset.blockSynthetic) fields.blockId = el.dataset.blockId;
  if (type === 'button') {
    if (el.dataset.value !== undefined) fields.value = el.dataset.value;
    return fields;
  }
  const state = readElement(el);
  if ('selected_option' in state) fields.selectedOption = state.selected_option;
  else if (type === 'overflow') fields.selectedOption = selectedOptions(el)[0] ?? null;
  if ('selected_options' in state) fields.selectedOptions = state.selected_options;
  if ('selected_user' in state) fields.selectedUser = state.selected_user;
  if ('selected_users' in state) fields.selectedUsers = state.selected_users;
  if ('selected_conversation' in state) fields.selectedConversation = state.selected_conversation;
  if ('selected_channel' in state) fields.selectedChannel = state.selected_channel;
  if ('selected_date' in state) {
    fields.selectedDate = state.selected_date;
    fields.value = state.selected_date;
  }
  if ('selected_time' in state) {
    fields.selectedTime = state.selected_time;
    fields.value = state.selected_time;
  }
  if ('value' in state && type !== 'overflow') fields.value = state.value;
  if (fields.selectedOption && fields.value === undefined) fields.value = fields.selectedOption.value;
  return fields;
}

/** Remembers what the user typed/picked so a re-rendered (updated) view keeps it where block/action ids match. */
export function snapshotInputs(root) {
  const snap = new Map();
  for (const el of root.querySelectorAll('[data-stateful]')) {
    const key = `${el.dataset.blockId}\u0000${el.dataset.actionId}`;
    if (el.tagName === 'SELECT') snap.set(key, { values: [...el.selectedOptions].map((o) => o.value) });
    else if (el.classList.contains('el-choices'))
      snap.set(key, { values: [...el.querySelectorAll('input:checked')].map((i) => i.value) });
    else snap.set(key, { value: el.value });
  }
  return snap;
}

export function restoreInputs(root, snap) {
  for (const el of root.querySelectorAll('[data-stateful]')) {
    const saved = snap.get(`${el.dataset.blockId}\u0000${el.dataset.actionId}`);
    if (!saved) continue;
    if (el.tagName === 'SELECT') for (const o of el.options) o.selected = saved.values.includes(o.value);
    else if (el.classList.contains('el-choices'))
      for (const i of el.querySelectorAll('input')) i.checked = saved.values.includes(i.value);
    else el.value = saved.value;
  }
}
