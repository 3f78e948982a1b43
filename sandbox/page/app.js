// The sandbox page: polls the Slack stand-in's page API, renders, and turns clicks/typing into API calls.
import { renderModal } from './render.js';
import {
  compareTs,
  permalinkTarget,
  renderChannelList,
  renderCommandList,
  renderHome,
  renderMessages,
  renderUserOptions,
  visibleMessages,
} from './messages.js';
import { actionFields, collectValues, missingRequired, restoreInputs, snapshotInputs } from './state-values.js';
import { setupComposer } from './composer.js';

const POLL_MS = 700;
const $ = (id) => document.getElementById(id);
const HOME = 'home';
const ui = {
  state: null,
  version: null,
  pane: location.hash === `#${HOME}` ? HOME : 'channel', // a channel, or the App Home tab
  homeOpenedFor: null, // the user app_home_opened was last sent for
  homeError: '',
  flashTs: null, // a message to scroll to and highlight once (a permalink was followed)
  channelId: location.hash === `#${HOME}` ? null : decodeURIComponent(location.hash.slice(1)) || null,
  openThreads: new Set(),
  seen: new Map(), // channel id -> newest ts the user has looked at
  stick: true, // keep the message pane scrolled to the bottom
  modalKey: '',
  modalErrors: {},
  modalError: '',
};
let composer = null;

async function post(path, body) {
  try {
    const res = await fetch(`/sandbox/api/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({ ok: false, error: `HTTP ${res.status}` }));
    if (json.error && typeof json.error === 'object') json.error = json.error.message ?? JSON.stringify(json.error);
    return res.ok || json.ok === false ? json : { ok: false, error: json.error ?? `HTTP ${res.status}` };
  } catch (error) {
    return { ok: false, error: `network error: ${error.message}` };
  } finally {
    void refresh();
  }
}

let polling = null;
async function refresh() {
  try {
    const res = await fetch('/sandbox/api/state', { cache: 'no-store' });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const state = await res.json();
    showBanner('');
    if (state.version !== ui.version) {
      ui.version = state.version;
      ui.state = state;
      render();
    }
  } catch (error) {
    showBanner(`Cannot reach the sandbox (${error.message}) — retrying…`);
  }
}

function poll() {
  clearTimeout(polling);
  refresh().finally(() => {
    polling = setTimeout(poll, POLL_MS);
  });
}

function showBanner(text) {
  const banner = $('banner');
  banner.textContent = text;
  banner.hidden = !text;
}

function showError(text) {
  $('composer-error').textContent = text;
}

const channel = () => ui.state?.channels?.find((c) => c.id === ui.channelId);
const newestTs = (id) => visibleMessages(ui.state, id).reduce((max, m) => (compareTs(m.ts, max) > 0 ? m.ts : max), '0');

function render() {
  const state = ui.state;
  const onHome = ui.pane === HOME;
  if (!ui.channelId || !channel()) ui.channelId = state.channels?.[0]?.id ?? null;
  if (ui.seen.size === 0) for (const c of state.channels ?? []) ui.seen.set(c.id, newestTs(c.id));
  if (!onHome) ui.seen.set(ui.channelId, newestTs(ui.channelId));
  const unread = new Set(
    (state.channels ?? []).filter((c) => compareTs(newestTs(c.id), ui.seen.get(c.id) ?? '0') > 0).map((c) => c.id),
  );

  const where = onHome ? 'Home · ' : channel() ? `#${channel().name} · ` : '';
  document.title = `${where}${state.workspace?.name ?? 'Sandbox'}`;
  $('workspace-name').textContent = state.workspace?.name ?? 'Sandbox';
  setHtml($('channel-list'), renderChannelList(state, onHome ? null : ui.channelId, unread));
  $('home-button').classList.toggle('active', onHome);
  setHtml($('user-select'), renderUserOptions(state));
  setHtml($('command-list'), renderCommandList(state));
  $('channel-title').textContent = onHome ? 'Home · ChatOps' : channel() ? `#${channel().name}` : 'No channels';
  $('channel-topic').textContent = onHome
    ? 'The App Home tab: what the bot published for you'
    : channel()?.topic || channel()?.purpose || '';
  $('composer').placeholder = channel() ? `Message #${channel().name}, or type a command like /ops status` : '';
  $('composer-wrap').hidden = onHome; // Slack's Home tab has no composer
  // Slack sends app_home_opened each time a user opens the tab, so also when another user is acting now.
  if (onHome && ui.homeOpenedFor !== state.currentUserId) void openHome();
  renderPane();
  renderModalLayer();
}

async function openHome() {
  ui.homeOpenedFor = ui.state?.currentUserId ?? null;
  const answer = await post('home', {});
  ui.homeError = answer.ok === false ? `Could not open Home: ${answer.error ?? 'unknown error'}` : '';
  if (ui.homeError) renderPane();
}

function showHome() {
  ui.pane = HOME;
  ui.homeOpenedFor = null; // every opening sends the event again, as Slack does: the bot refreshes the view
  history.replaceState(null, '', `#${HOME}`);
  showError('');
  render();
}

function showChannel(id, ts = null) {
  ui.pane = 'channel';
  ui.channelId = id;
  ui.flashTs = ts;
  history.replaceState(null, '', `#${encodeURIComponent(id)}`);
  ui.stick = !ts;
  showError('');
  render();
  if (!ts) $('composer').focus();
}

function setHtml(el, html) {
  if (el.dataset.html !== html) {
    el.innerHTML = html;
    el.dataset.html = html;
  }
}

function renderPane() {
  const pane = $('messages');
  const focused = document.activeElement?.classList.contains('thread-reply')
    ? document.activeElement.dataset.threadTs
    : null;
  const drafts = new Map([...pane.querySelectorAll('.thread-reply')].map((i) => [i.dataset.threadTs, i.value]));
  const scrollTop = pane.scrollTop;
  setHtml(pane, ui.pane === HOME ? renderHome(ui.state, ui.homeError) : renderMessages(ui.state, ui));
  for (const input of pane.querySelectorAll('.thread-reply')) {
    input.value = drafts.get(input.dataset.threadTs) ?? '';
    if (input.dataset.threadTs === focused) input.focus();
  }
  pane.scrollTop = ui.stick ? pane.scrollHeight : scrollTop;
  const flash = ui.flashTs && pane.querySelector(`.msg[data-ts="${CSS.escape(ui.flashTs)}"]`);
  if (flash) {
    ui.flashTs = null;
    flash.scrollIntoView({ block: 'center' });
    flash.classList.add('flash');
  }
}

function renderModalLayer() {
  const root = $('modal-root');
  const views = (ui.state.views ?? []).filter((v) => !v.userId || v.userId === ui.state.currentUserId);
  const top = views[views.length - 1];
  const key = top ? JSON.stringify([top.id, top.view, ui.modalErrors, ui.modalError]) : '';
  if (key === ui.modalKey) return;
  const sameView = top && root.querySelector('.modal')?.dataset.viewId === top.id;
  const snap = sameView ? snapshotInputs(root) : null;
  if (!sameView) {
    ui.modalErrors = {};
    ui.modalError = '';
  }
  ui.modalKey = top ? JSON.stringify([top.id, top.view, ui.modalErrors, ui.modalError]) : '';
  const ctx = {
    users: ui.state.users,
    channels: ui.state.channels,
    userGroups: ui.state.userGroups,
    viewId: top?.id,
    errors: ui.modalErrors,
    error: ui.modalError,
  };
  root.innerHTML = top ? renderModal(top.view, ctx) : '';
  if (snap) restoreInputs(root, snap);
  else root.querySelector('.modal-body input, .modal-body textarea, .modal-body select')?.focus();
  root.querySelector('.input-error, .modal-error')?.scrollIntoView({ block: 'nearest' });
}

// ---- interactive blocks ---------------------------------------------------------------------------------
function confirmed(el) {
  if (!el.dataset.confirm) return true;
  const c = JSON.parse(el.dataset.confirm);
  const txt = (t) => (t && typeof t === 'object' ? t.text : t) ?? '';
  const lines = [txt(c.title), txt(c.text), `[${txt(c.confirm) || 'OK'}] / [${txt(c.deny) || 'Cancel'}]`].filter(
    Boolean,
  );
  return window.confirm(lines.join('\n\n'));
}

async function fireAction(el) {
  if (!confirmed(el)) return;
  if (el.dataset.url) {
    window.open(el.dataset.url, '_blank', 'noopener,noreferrer');
    return;
  }
  const { type, ...fields } = actionFields(el);
  const message = el.closest('.msg');
  const view = el.closest('.modal, .home-view');
  const where = view
    ? { viewId: view.dataset.viewId }
    : { channel: message?.dataset.channel, messageTs: message?.dataset.ts };
  if (type === 'overflow') el.value = '';
  const answer = await post('action', { ...where, ...fields });
  if (answer.ok === false) showError(`Action failed: ${answer.error ?? 'unknown error'}`);
}

async function submitModal(modal) {
  const missing = missingRequired(modal);
  if (Object.keys(missing).length > 0) {
    ui.modalErrors = missing;
    renderModalLayer();
    return;
  }
  const answer = await post('view-submission', { viewId: modal.dataset.viewId, values: collectValues(modal) });
  ui.modalErrors = answer.ok === false && answer.errors ? answer.errors : {};
  ui.modalError = answer.ok === false && !answer.errors ? (answer.error ?? 'Submission failed') : '';
  renderModalLayer();
}

async function closeModal(modal) {
  ui.modalErrors = {};
  ui.modalError = '';
  await post('view-close', { viewId: modal.dataset.viewId });
}

// ---- wiring ---------------------------------------------------------------------------------------------
document.addEventListener('click', (event) => {
  // A permalink to a message of this workspace (App Home's "Open the plan") opens it here, not in a new tab.
  const link = event.target.closest('a[href]');
  const linked = link && permalinkTarget(link.href);
  if (linked && ui.state?.channels?.some((c) => c.id === linked.channel)) {
    event.preventDefault();
    showChannel(linked.channel, linked.ts);
    return;
  }
  const target = event.target.closest('button');
  if (!target) return;
  const modal = target.closest('.modal');
  if (target.dataset.home) showHome();
  else if (target.dataset.channelId) showChannel(target.dataset.channelId);
  else if (target.dataset.usage) composer.fill(target.dataset.usage);
  else if (target.dataset.modal === 'submit' && modal) void submitModal(modal);
  else if (target.dataset.modal === 'close' && modal) void closeModal(modal);
  else if (target.dataset.type === 'button') void fireAction(target);
  else if (target.dataset.react)
    void post('reaction', { channel: ui.channelId, ts: target.dataset.react, name: 'pushpin' });
  else if (target.dataset.threadToggle || target.dataset.reply) {
    const ts = target.dataset.threadToggle || target.dataset.reply;
    if (ui.openThreads.has(ts) && target.dataset.threadToggle) ui.openThreads.delete(ts);
    else ui.openThreads.add(ts);
    renderPane();
    if (target.dataset.reply)
      $('messages')
        .querySelector(`.thread-reply[data-thread-ts="${CSS.escape(ts)}"]`)
        ?.focus();
  } else if (target.id === 'send') void composer.submit();
});

document.addEventListener('change', (event) => {
  const el = event.target.closest('[data-dispatch]');
  if (el && el.dataset.type !== 'button') void fireAction(el);
  if (event.target.id === 'user-select') void post('user', { userId: event.target.value });
});

document.addEventListener('keydown', (event) => {
  const target = event.target;
  if (event.key === 'Escape' && $('modal-root').querySelector('.modal'))
    void closeModal($('modal-root').querySelector('.modal'));
  if (target.classList.contains('thread-reply') && event.key === 'Enter' && target.value.trim()) {
    const text = target.value.trim();
    target.value = '';
    void post('message', { channel: ui.channelId, text, threadTs: target.dataset.threadTs }).then(
      (a) => a.ok === false && showError(a.error),
    );
  }
});

window.addEventListener('DOMContentLoaded', () => {
  const pane = $('messages');
  pane.addEventListener('scroll', () => {
    ui.stick = pane.scrollHeight - pane.scrollTop - pane.clientHeight < 48;
  });
  pane.addEventListener(
    'load',
    () => {
      if (ui.stick) pane.scrollTop = pane.scrollHeight;
    },
    true,
  );
  composer = setupComposer($('composer'), {
    showError,
    send: (text, isCommand) => {
      ui.stick = true;
      return ui.channelId
        ? post(isCommand ? 'command' : 'message', { channel: ui.channelId, text })
        : Promise.resolve({ ok: false, error: 'no channel selected' });
    },
  });
  $('composer').focus();
  poll();
});
