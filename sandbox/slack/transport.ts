import { envelopeOf } from './envelopes.js';
import type { SocketModeHub } from './socket-mode.js';
import { sendSigned, type SendOptions, type SignedResponse } from './signing.js';

export interface AppTransport {
  /** `auto` = over the socket once a Socket Mode app has connected, else signed HTTP. */
  transport: 'auto' | 'http' | 'socket';
  socket: SocketModeHub;
  /** The app's request URL (HTTP mode). */
  appUrl: string;
  signingSecret: string;
}

/** Sends what Slack sends the app: a signed HTTP request, or an envelope over Socket Mode once the app uses it. */
export function sendToApp(
  to: AppTransport,
  body: string,
  contentType: string,
  options?: SendOptions,
): Promise<SignedResponse> {
  const transport = options?.transport ?? to.transport;
  if (transport === 'socket' || (transport === 'auto' && to.socket.accepted > 0)) {
    const envelope = envelopeOf(body, contentType);
    const retry = options?.retryNum ? { retryAttempt: options.retryNum, retryReason: 'timeout' } : {};
    return to.socket.deliver(envelope.type, envelope.payload, {
      acceptsResponsePayload: envelope.acceptsResponsePayload,
      ...retry,
    });
  }
  const url = options?.url ?? to.appUrl;
  if (!url) throw new Error('the stand-in does not know the app URL yet');
  return sendSigned(url, to.signingSecret, body, contentType, options);
}
