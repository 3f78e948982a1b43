// Modals and interactive blocks: the top modal drawn (keeping what was typed), clicks and selections sent as
// block_actions, a modal submitted (its errors shown in place) or closed.
import { renderModal } from './render.js';
import { actionFields, collectValues, missingRequired, restoreInputs, snapshotInputs } from './state-values.js';

export function createInteractive({ ui, post, showError }) {
  const $ = (id) => document.getElementById(id);

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

  return { renderModalLayer, fireAction, submitModal, closeModal };
}
