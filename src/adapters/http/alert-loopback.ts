import type { AlertLoopback } from '../../ports/alert-loopback.js';

/** POSTs to this process's own /hooks/alerts on 127.0.0.1 with `?auth_token=`; `port` is known once it listens. */
export function createAlertLoopback(port: () => number, token: string, timeoutMs = 10_000): AlertLoopback {
  return {
    async send(notification) {
      const url = `http://127.0.0.1:${port()}/hooks/alerts?auth_token=${encodeURIComponent(token)}`;
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(notification),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: response.status, body: await response.text() };
    },
  };
}
