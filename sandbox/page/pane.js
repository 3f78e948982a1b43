// The message pane (a channel, or the App Home tab), redrawn only when its HTML changed, keeping thread-reply
// drafts, focus and the scroll position, and highlighting a message a permalink pointed at.
import { renderHome, renderMessages } from './messages.js';

/** The pane that shows the App Home tab (any other is a channel). */
export const HOME = 'home';

export function setHtml(el, html) {
  if (el.dataset.html !== html) {
    el.innerHTML = html;
    el.dataset.html = html;
  }
}

export function renderPane(ui) {
  const pane = document.getElementById('messages');
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
