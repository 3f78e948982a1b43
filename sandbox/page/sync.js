// The page's link to the Slack stand-in: polls its state (a new version is rendered), and posts what the person
// does, refreshing at once after each.
const POLL_MS = 700;

export function createSync({ onState, showBanner }) {
  let version = null;
  let polling = null;

  async function refresh() {
    try {
      const res = await fetch('/sandbox/api/state', { cache: 'no-store' });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      const state = await res.json();
      showBanner('');
      if (state.version !== version) {
        version = state.version;
        onState(state);
      }
    } catch (error) {
      showBanner(`Cannot reach the sandbox (${error.message}) — retrying…`);
    }
  }

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

  function poll() {
    clearTimeout(polling);
    refresh().finally(() => {
      polling = setTimeout(poll, POLL_MS);
    });
  }

  return { post, poll };
}
