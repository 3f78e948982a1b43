// The message composer: Enter sends (slash lines as commands), Shift+Enter adds a line, Up/Down walk the
// command history (kept for the browser tab), the box grows with its text. Browser-only.

const HISTORY_KEY = 'sandbox.history';

/**
 * box: the <textarea>; send(text, isCommand) -> Promise<{ok, error?}>; showError(text).
 * Returns { submit(), fill(usage) }.
 */
export function setupComposer(box, { send, showError }) {
  let history = [];
  try {
    history = JSON.parse(sessionStorage.getItem(HISTORY_KEY) ?? '[]');
  } catch {
    history = [];
  }
  let at = -1; // index into history while recalling, -1 when editing fresh text
  let sending = false;

  function autosize() {
    box.style.height = 'auto';
    box.style.height = `${Math.min(box.scrollHeight, 160)}px`;
  }

  async function submit() {
    const text = box.value.trim();
    if (!text || sending) return;
    sending = true;
    showError('');
    const isCommand = text.startsWith('/');
    if (isCommand) {
      history = [...history.filter((h) => h !== text), text].slice(-50);
      sessionStorage.setItem(HISTORY_KEY, JSON.stringify(history));
    }
    at = -1;
    try {
      const answer = await send(text, isCommand);
      if (answer.ok === false) showError(answer.error ?? (isCommand ? 'Command failed' : 'Message failed'));
      else if (box.value.trim() === text) box.value = '';
    } finally {
      sending = false;
      autosize();
    }
  }

  function recall(step) {
    if (history.length === 0) return false;
    const next = at === -1 ? (step < 0 ? history.length - 1 : -1) : at + step;
    if (next < -1 || next >= history.length) return true;
    at = next;
    box.value = next === -1 ? '' : history[next];
    autosize();
    return true;
  }

  /** Puts a command's usage in the box and selects its first [argument] or <argument>. */
  function fill(usage) {
    box.value = usage;
    box.focus();
    const arg = /\[[^\]]*\]|<[^>]*>/.exec(usage);
    if (arg) box.setSelectionRange(arg.index, arg.index + arg[0].length);
    else box.setSelectionRange(usage.length, usage.length);
    at = -1;
    autosize();
  }

  box.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      void submit();
    }
    const atStart = box.selectionStart === 0 && box.selectionEnd === 0;
    if (event.key === 'ArrowUp' && (box.value === '' || atStart || at !== -1) && recall(-1)) event.preventDefault();
    if (event.key === 'ArrowDown' && at !== -1 && recall(1)) event.preventDefault();
  });
  box.addEventListener('input', () => {
    at = -1;
    autosize();
  });

  return { submit, fill };
}
