import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { EnvelopeType } from './envelopes.js';
import type { SignedResponse } from './signing.js';
import { ServerWebSocket } from './websocket.js';

export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

/** A message on a Socket Mode connection, either way, as the stand-in saw it (tests read these). */
export interface SocketFrame {
  connection: number;
  direction: 'to-app' | 'from-app';
  message: Record<string, unknown>;
}

interface Connection {
  id: number;
  ws: ServerWebSocket;
}

interface Pending {
  connection: number;
  started: number;
  settle(answer: SignedResponse): void;
}

/** Slack answers a ticket that is unknown, used or old with a failed handshake; a real one lives seconds. */
const TICKET_LIFETIME_MS = 30_000;
/** The longest the stand-in waits for an ack (an HTTP delivery waits as long); > 3 s counts as a timeout anyway. */
const ACK_WAIT_MS = 10_000;

/**
 * Slack's side of Socket Mode: `apps.connections.open` hands out a one-time `ws://…/link/?ticket=…` on the
 * stand-in's own port; a connection gets `hello`, then envelopes `{ envelope_id, type, payload,
 * accepts_response_payload, retry_attempt, retry_reason }`, and the app acks each with `{ envelope_id, payload? }`.
 * `disconnect` asks the app to reconnect (it fetches a new URL). Up to 10 connections, as Slack allows; each
 * envelope goes to one of them (the oldest open one, so tests know which instance gets it).
 */
export class SocketModeHub {
  readonly frames: SocketFrame[] = [];
  /** How many connections were ever accepted: a reconnect shows as one more. */
  accepted = 0;
  /** Pings the app's client sent (each answered with a pong; the client reconnects when pongs stop). */
  pings = 0;
  /** Connections that ended, with the close code (1000: the app closed normally; 1006: cut without a close frame). */
  readonly closed: { connection: number; code: number }[] = [];
  private readonly tickets = new Map<string, number>();
  private connections: Connection[] = [];
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly appId: string) {}

  /** apps.connections.open: a URL with a fresh one-time ticket. */
  open(baseUrl: string): string {
    const ticket = randomBytes(16).toString('hex');
    this.tickets.set(ticket, Date.now());
    return `${baseUrl.replace(/^http/, 'ws')}/link/?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** Open connections now. */
  get openConnections(): number {
    return this.connections.length;
  }

  /** The HTTP server's `upgrade` event; false when the request is not for /link/. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/link/' && url.pathname !== '/link') return false;
    const ticket = url.searchParams.get('ticket') ?? '';
    const issued = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (issued === undefined || Date.now() - issued > TICKET_LIFETIME_MS || this.connections.length >= 10) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return true;
    }
    const id = ++this.accepted;
    const ws = ServerWebSocket.accept(req, socket, head, {
      message: (text) => this.onMessage(id, text),
      ping: () => void (this.pings += 1),
      close: (code) => this.onClose(id, code),
    });
    if (!ws) {
      socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return true;
    }
    this.connections.push({ id, ws });
    this.sendTo(id, ws, {
      type: 'hello',
      num_connections: this.connections.length,
      debug_info: { host: 'applink-sandbox', approximate_connection_time: 18060 },
      connection_info: { app_id: this.appId },
    });
    return true;
  }

  /** Sends an envelope to the app and waits for its ack; the answer reads like the HTTP delivery's. */
  deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    options: { retryAttempt?: number; retryReason?: string; acceptsResponsePayload: boolean },
  ): Promise<SignedResponse> {
    const connection = this.connections.find((c) => c.ws.isOpen);
    if (!connection)
      return Promise.resolve({ status: 0, body: 'no Socket Mode connection', contentType: 'text/plain', elapsedMs: 0 });
    const envelopeId = `${randomBytes(4).toString('hex')}-${randomBytes(2).toString('hex')}-${randomBytes(6).toString('hex')}`;
    return new Promise((resolve) => {
      const started = performance.now();
      const timer = setTimeout(
        () => settle({ status: 0, body: 'no ack', contentType: 'text/plain', elapsedMs: performance.now() - started }),
        ACK_WAIT_MS,
      );
      const settle = (answer: SignedResponse): void => {
        clearTimeout(timer);
        this.pending.delete(envelopeId);
        resolve(answer);
      };
      this.pending.set(envelopeId, { connection: connection.id, started, settle });
      this.sendTo(connection.id, connection.ws, {
        envelope_id: envelopeId,
        type,
        payload,
        accepts_response_payload: options.acceptsResponsePayload,
        retry_attempt: options.retryAttempt ?? 0,
        retry_reason: options.retryReason ?? '',
      });
    });
  }

  /** Tells every open connection (or the one with `connection` id) to go away, as Slack does before it recycles a host. */
  disconnect(reason: DisconnectReason, connection?: number): void {
    for (const c of this.connections) {
      if (connection === undefined || c.id === connection)
        this.sendTo(c.id, c.ws, { type: 'disconnect', reason, debug_info: { host: 'applink-sandbox' } });
    }
  }

  /** Cuts every connection without a close frame: a network failure. */
  drop(): void {
    for (const c of this.connections) c.ws.terminate();
  }

  close(): void {
    for (const c of this.connections) c.ws.close(1001, 'going away', 200);
    this.connections = [];
  }

  private sendTo(id: number, ws: ServerWebSocket, message: Record<string, unknown>): void {
    this.frames.push({ connection: id, direction: 'to-app', message });
    ws.send(JSON.stringify(message));
  }

  private onMessage(id: number, text: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(text) as Record<string, unknown>;
    } catch {
      return; // Slack ignores what it cannot read
    }
    this.frames.push({ connection: id, direction: 'from-app', message });
    const pending = typeof message.envelope_id === 'string' ? this.pending.get(message.envelope_id) : undefined;
    if (!pending) return;
    const payload =
      message.payload && typeof message.payload === 'object' ? (message.payload as Record<string, unknown>) : {};
    const body = Object.keys(payload).length > 0 ? JSON.stringify(payload) : '';
    pending.settle({
      status: 200,
      body,
      contentType: body ? 'application/json' : '',
      elapsedMs: performance.now() - pending.started,
    });
  }

  private onClose(id: number, code: number): void {
    this.closed.push({ connection: id, code });
    this.connections = this.connections.filter((c) => c.id !== id);
    for (const pending of [...this.pending.values()]) {
      if (pending.connection === id)
        pending.settle({
          status: 0,
          body: 'connection closed before the ack',
          contentType: 'text/plain',
          elapsedMs: performance.now() - pending.started,
        });
    }
  }
}
