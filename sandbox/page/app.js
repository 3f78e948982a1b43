// The sandbox page: polls the Slack stand-in's page API, renders, and turns clicks/typing into API calls.
import { compareTs, permalinkTarget, visibleMessages } from './messages.js';
import { renderChannelList, renderCommandList, renderUserOptions } from './sidebar.js';
import { createInteractive } from './interactive.js';
import { HOME, renderPane, setHtml } from './pane.js';
import { createSync } from './sync.js';
import { setupComposer } from './composer.js';

const $ = (id) => document.getElementById(id);
const ui = {
  state: null,
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
const { post, poll } = createSync({
  showBanner,
  onState: (state) => {
    ui.state = state;
    render();
  },
});
const { renderModalLayer, fireAction, submitModal, closeModal } = createInteractive({ ui, post, showError });

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
  renderPane(ui);
  renderModalLayer();
}

async function openHome() {
  ui.homeOpenedFor = ui.state?.currentUserId ?? null;
  const answer = await post('home', {});
  ui.homeError = answer.ok === false ? `Could not open Home: ${answer.error ?? 'unknown error'}` : '';
  if (ui.homeError) renderPane(ui);
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
    renderPane(ui);
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
