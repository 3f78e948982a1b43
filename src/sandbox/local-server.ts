import type { IncomingMessage, ServerResponse } from 'node:http';
import { listen, type RunningServer } from './http.js';

/** What every stand-in shares: a node:http server on 127.0.0.1, started once, closed once. */
export abstract class LocalServer {
  private server: RunningServer | undefined;

  constructor(private readonly label: string) {}

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;

  /** The address once started, e.g. "http://127.0.0.1:41234"; a placeholder before. */
  get baseUrl(): string {
    return this.server?.url ?? 'http://127.0.0.1:0';
  }

  get url(): string {
    if (!this.server) throw new Error(`${this.label} is not started`);
    return this.server.url;
  }

  async start(port = 0): Promise<RunningServer> {
    this.server ??= await listen((req, res) => this.handle(req, res), port);
    return this.server;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    await server?.close();
  }
}
