import { createHmac } from 'node:crypto';

/** Signs a request body the way Slack does: v0=HMAC-SHA256(secret, "v0:<timestamp>:<body>"). */
export function slackSignature(signingSecret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export interface SignedResponse {
  status: number;
  body: string;
  contentType: string;
  elapsedMs: number;
}

export interface SendOptions {
  retryNum?: number;
  /** Seconds since the epoch; defaults to now. Tests use an old one to try a stale request. */
  timestamp?: number;
  signingSecret?: string;
  headers?: Record<string, string>;
  /** Another app URL than the stand-in's: tests with two bot instances send to either. */
  url?: string;
  /** Over signed HTTP or as a Socket Mode envelope; by default the stand-in's `transport` decides. */
  transport?: 'http' | 'socket';
}

/** POSTs a body to the app signed as Slack would, with Slack's headers. */
export async function sendSigned(
  url: string,
  signingSecret: string,
  body: string,
  contentType: string,
  options: SendOptions = {},
): Promise<SignedResponse> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': contentType,
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.signingSecret ?? signingSecret, timestamp, body),
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...options.headers,
  };
  if (options.retryNum) {
    headers['x-slack-retry-num'] = String(options.retryNum);
    headers['x-slack-retry-reason'] = 'http_timeout';
  }
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  return {
    status: response.status,
    body: text,
    contentType: response.headers.get('content-type') ?? '',
    elapsedMs: performance.now() - started,
  };
}
