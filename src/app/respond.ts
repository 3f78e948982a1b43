import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { RespondArguments, RespondFn } from '@slack/bolt';

const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) };
const TIMEOUT_MS = 10_000;

/**
 * `respond()` for a response_url, on node:http with a kept-alive connection. Bolt's own goes through the
 * global fetch, which cost about 0.7 ms of CPU and enough garbage per reply that the GC pauses it caused
 * doubled the p99 of the acks around it (`npm run bench`, button clicks). Same contract: resolves on 2xx,
 * rejects otherwise (callers log it; see respondSafely).
 */
export function respondTo(responseUrl: string): RespondFn {
  return (message: string | RespondArguments) =>
    new Promise<Response>((resolve, reject) => {
      const body = JSON.stringify(typeof message === 'string' ? { text: message } : message);
      const url = new URL(responseUrl);
      const protocol = url.protocol === 'https:' ? 'https:' : 'http:';
      const send = protocol === 'https:' ? httpsRequest : httpRequest;
      const req = send(
        url,
        {
          method: 'POST',
          agent: agents[protocol],
          timeout: TIMEOUT_MS,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.once('end', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300)
              resolve(new Response(null, { status })); // what Bolt's respond resolves with; nobody reads it
            else reject(new Error(`Failed to respond to the response_url: HTTP ${status}`));
          });
        },
      );
      req.once('timeout', () => req.destroy(new Error(`response_url did not answer within ${TIMEOUT_MS / 1000} s`)));
      req.once('error', reject);
      req.end(body);
    });
}

/** The response_url Slack sent with a command, a click or (when enabled) a view submission. */
export function responseUrlOf(body: {
  response_url?: unknown;
  response_urls?: { response_url?: unknown }[];
}): string | undefined {
  const url = body.response_url ?? body.response_urls?.[0]?.response_url;
  return typeof url === 'string' && /^https?:\/\//.test(url) ? url : undefined;
}
