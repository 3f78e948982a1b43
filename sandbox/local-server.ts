import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { listen, type RunningServer } from './http.js';

/** What every stand-in shares: a node:http server on 127.0.0.1, started once, closed once. */
export abstract class LocalServer {
  private server: RunningServer | undefined;

  constructor(private readonly label: string) {}

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** An HTTP upgrade (WebSocket) request; refused unless a stand-in takes it (the Slack one, for Socket Mode). */
  protected upgrade(_req: IncomingMessage, socket: Duplex, _head: Buffer): void {
    socket.destroy();
  }

  /** The address once started, e.g. "http://127.0.0.1:41234"; a placeholder before. */
  get baseUrl(): string {
    return this.server?.url ?? 'http://127.0.0.1:0';
  }

  get url(): string {
    if (!this.server) throw new Error(`${this.label} is not started`);
    return this.server.url;
  }

  async start(port = 0): Promise<RunningServer> {
    if (!this.server) {
      const running = await listen((req, res) => this.handle(req, res), port);
      running.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) =>
        this.upgrade(req, socket, head),
      );
      this.server = running;
    }
    return this.server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }
}
