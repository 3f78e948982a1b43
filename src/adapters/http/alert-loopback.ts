import type { AlertLoopback, LoopbackAnswer } from '../../ports/alert-loopback.js';

/**
 * POSTs to this process's own /hooks/alerts on 127.0.0.1 with `?auth_token=` (Cloud Monitoring's way), and to
 * /hooks/budget with the job secret's header when there is one; `port` is known once it listens.
 */
export function createAlertLoopback(
  port: () => number,
  credentials: { alertToken: string; jobSecret?: string },
  timeoutMs = 10_000,
): AlertLoopback {
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}): Promise<LoopbackAnswer> => {
    const response = await fetch(`http://127.0.0.1:${port()}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: await response.text() };
  };
  const { alertToken, jobSecret } = credentials;
  return {
    send: (notification) => post(`/hooks/alerts?auth_token=${encodeURIComponent(alertToken)}`, notification),
    ...(jobSecret
      ? { budget: (message: unknown) => post('/hooks/budget', message, { 'x-chatops-secret': jobSecret }) }
      : {}),
  };
}
