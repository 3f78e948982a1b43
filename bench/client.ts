/**
 * A small load client: signs each request the way Slack does and POSTs it over keep-alive node:http.
 * Only ever used against 127.0.0.1.
 */
import { Agent, request } from 'node:http';
import { slackSignature } from '../sandbox/slack/signing.js';

export interface Answer {
  status: number;
  body: string;
  ms: number;
  /** Network error or our own deadline; status is 0 then. */
  error?: string;
}

export class SignedClient {
  private readonly agent: Agent;
  private readonly target: URL;

  constructor(
    url: string,
    private readonly signingSecret: string,
    options: { maxSockets?: number } = {},
  ) {
    this.target = new URL(url);
    if (this.target.hostname !== '127.0.0.1')
      throw new Error(`the bench only targets 127.0.0.1, not ${this.target.hostname}`);
    this.agent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? 256 });
  }

  /** Signs and sends one body; resolves (never rejects) with the status, or status 0 and the error. */
  send(
    body: string,
    options: { contentType?: string; timeoutMs?: number; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const timestamp = Math.floor(Date.now() / 1000);
    const headers: Record<string, string | number> = {
      'content-type': options.contentType ?? 'application/x-www-form-urlencoded',
      'content-length': Buffer.byteLength(body),
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': slackSignature(this.signingSecret, timestamp, body),
      ...options.headers,
    };
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (answer: Omit<Answer, 'ms'>): void => {
        if (settled) return;
        settled = true;
        resolve({ ...answer, ms: performance.now() - started });
      };
      const req = request(
        {
          host: this.target.hostname,
          port: this.target.port,
          path: this.target.pathname,
          method: 'POST',
          agent: this.agent,
          headers,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => done({ status: 0, body: '', error: e.message }));
        },
      );
      req.setTimeout(options.timeoutMs ?? 3000, () => {
        done({ status: 0, body: '', error: 'timeout' });
        req.destroy();
      });
      req.on('error', (e: NodeJS.ErrnoException) => done({ status: 0, body: '', error: e.code ?? e.message }));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
