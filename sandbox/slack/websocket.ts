import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/**
 * The server side of a WebSocket (RFC 6455), just enough for the Socket Mode stand-in: text messages,
 * fragmentation, ping → pong, the close handshake. No extensions (permessage-deflate offers are declined
 * by not answering them, which the RFC allows). Written here because no WebSocket server package is
 * installed; @slack/socket-mode's client is undici's WebSocket.
 */

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const OP = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
/** Nothing the stand-in receives comes near this; a larger frame is a protocol error. */
const MAX_PAYLOAD = 16 * 1024 * 1024;

export interface WebSocketHandlers {
  message(text: string): void;
  /** A ping from the peer, answered with a pong already. */
  ping?(): void;
  /** Once, however the connection ended (close handshake, error, or the peer vanishing). */
  close(code: number, reason: string): void;
}

export class ServerWebSocket {
  private buffer = Buffer.alloc(0);
  private fragments: Buffer[] = [];
  private closing = false;
  private closed = false;

  private constructor(
    private readonly socket: Duplex,
    private readonly handlers: WebSocketHandlers,
  ) {
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => this.finish(1006, 'socket error'));
    socket.on('close', () => this.finish(1006, 'connection lost'));
  }

  /** Answers the upgrade request and returns the open connection, or undefined when the request is no WebSocket handshake. */
  static accept(
    req: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    handlers: WebSocketHandlers,
  ): ServerWebSocket | undefined {
    const key = req.headers['sec-websocket-key'];
    if (req.headers.upgrade?.toLowerCase() !== 'websocket' || typeof key !== 'string') return undefined;
    const accept = createHash('sha1')
      .update(key + GUID)
      .digest('base64');
    socket.write(
      [
        'HTTP/1.1 101 Switching Protocols',
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Accept: ${accept}`,
        '',
        '',
      ].join('\r\n'),
    );
    const ws = new ServerWebSocket(socket, handlers);
    if (head.length > 0) ws.receive(head);
    return ws;
  }

  get isOpen(): boolean {
    return !this.closing && !this.closed;
  }

  send(text: string): void {
    if (this.isOpen) this.socket.write(frame(OP.text, Buffer.from(text, 'utf8')));
  }

  /** Starts the close handshake; the TCP connection ends when the peer answers, or after `graceMs`. */
  close(code = 1000, reason = '', graceMs = 1000): void {
    if (!this.isOpen) return;
    this.closing = true;
    this.socket.write(frame(OP.close, closePayload(code, reason)));
    setTimeout(() => this.socket.destroy(), graceMs).unref();
  }

  /** Drops the connection without a close frame, as a crashed server or a cut network would. */
  terminate(): void {
    this.socket.destroy();
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const parsed = parseFrame(this.buffer);
      if (parsed === 'incomplete') return;
      if (parsed === 'invalid') return this.fail(1002);
      this.buffer = this.buffer.subarray(parsed.length);
      this.onFrame(parsed.fin, parsed.opcode, parsed.payload);
      if (this.closed) return;
    }
  }

  private onFrame(fin: boolean, opcode: number, payload: Buffer): void {
    if (opcode === OP.ping) {
      if (this.closed) return;
      this.socket.write(frame(OP.pong, payload));
      return this.handlers.ping?.();
    }
    if (opcode === OP.pong) return;
    if (opcode === OP.close) {
      const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
      if (!this.closing) this.socket.write(frame(OP.close, payload.subarray(0, 2)));
      this.closing = true;
      this.socket.end();
      return this.finish(code, payload.subarray(2).toString('utf8'));
    }
    if (opcode !== OP.continuation) this.fragments = [];
    this.fragments.push(payload);
    if (!fin) return;
    const message = Buffer.concat(this.fragments);
    this.fragments = [];
    if (this.isOpen) this.handlers.message(message.toString('utf8'));
  }

  private fail(code: number): void {
    this.close(code, 'protocol error', 100);
    this.finish(code, 'protocol error');
  }

  private finish(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.handlers.close(code, reason);
  }
}

function frame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header = length < 126 ? Buffer.alloc(2) : length < 65536 ? Buffer.alloc(4) : Buffer.alloc(10);
  header[0] = 0x80 | opcode; // FIN; a server never masks
  if (length < 126) header[1] = length;
  else if (length < 65536) {
    header[1] = 126;
    header.writeUInt16BE(length, 2);
  } else {
    header[1] = 127;
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([header, payload]);
}

function closePayload(code: number, reason: string): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2);
  return payload;
}

/** One client frame off the front of `data` (clients must mask every frame). */
function parseFrame(
  data: Buffer,
): { fin: boolean; opcode: number; payload: Buffer; length: number } | 'incomplete' | 'invalid' {
  if (data.length < 2) return 'incomplete';
  const fin = (data[0]! & 0x80) !== 0;
  const opcode = data[0]! & 0x0f;
  const masked = (data[1]! & 0x80) !== 0;
  let length = data[1]! & 0x7f;
  let offset = 2;
  if (length === 126) {
    if (data.length < 4) return 'incomplete';
    length = data.readUInt16BE(2);
    offset = 4;
  } else if (length === 127) {
    if (data.length < 10) return 'incomplete';
    const big = data.readBigUInt64BE(2);
    if (big > BigInt(MAX_PAYLOAD)) return 'invalid';
    length = Number(big);
    offset = 10;
  }
  if (!masked || length > MAX_PAYLOAD) return 'invalid';
  if (data.length < offset + 4 + length) return 'incomplete';
  const mask = data.subarray(offset, offset + 4);
  const payload = Buffer.from(data.subarray(offset + 4, offset + 4 + length));
  for (let i = 0; i < payload.length; i += 1) payload[i]! ^= mask[i % 4]!;
  return { fin, opcode, payload, length: offset + 4 + length };
}
