import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Faults } from '../faults.js';
import { sendJson } from '../http.js';
import { LocalServer } from '../local-server.js';
import { servePage } from './page-api.js';
import {
  clickAction,
  type CommandInfo,
  type Delivery,
  type InteractionContext,
  slashCommand,
  submitView,
} from './interactions.js';
import type { ActionInput } from './payloads.js';
import { addReaction, openHome } from './events.js';
import type { SendOptions, SignedResponse } from './signing.js';
import { type AppTransport, sendToApp } from './transport.js';
import { type ApiCall, serveWebApi, type WebApiHost } from './web-api.js';
import { Triggers } from './triggers.js';
import { receiveUpload } from './uploads.js';
import { BOT_ID, BOT_USER_ID, type SlackMessage, Workspace } from './workspace.js';
import { ResponseUrls } from './response-urls.js';
import { SocketModeHub } from './socket-mode.js';

/**
 * A local Slack: the Web API the bot calls (SLACK_API_URL = `${url}/api/`), the requests Slack sends the
 * bot (signed slash commands, block_actions, view_submission, events, response_url), and the sandbox page.
 * Once an app has connected over Socket Mode (apps.connections.open with the xapp- token, then a WebSocket
 * on this port), those requests go to it as envelopes on the socket instead, as Slack does for such an app.
 */
export class SlackStandin extends LocalServer {
  readonly workspace = new Workspace();
  readonly faults: Faults;
  readonly calls: ApiCall[] = [];
  commands: CommandInfo[] = [];
  appUrl = '';
  private readonly triggers = new Triggers();
  private readonly responses = new ResponseUrls();
  /** Socket Mode: connections, envelopes and acks (`socket.frames`), `socket.disconnect(reason)`. */
  readonly socket = new SocketModeHub('A0CHATOPS01');
  /** How requests reach the app: `auto` = over the socket once a Socket Mode app has connected, else signed HTTP. */
  transport: 'auto' | 'http' | 'socket' = 'auto';
  /** The app-level token (xapp-) that apps.connections.open accepts. */
  readonly appToken: string;
  /** Host names the page answers at besides localhost and IP addresses (the HOST the bot binds to). */
  readonly pageHosts: readonly string[];

  constructor(
    private readonly options: {
      signingSecret: string;
      botToken: string;
      appToken?: string;
      faults?: Faults;
      pageHosts?: string[];
    },
  ) {
    super('SlackStandin');
    this.pageHosts = options.pageHosts ?? [];
    this.faults = options.faults ?? new Faults();
    this.appToken = options.appToken ?? `xapp-1-A0CHATOPS01-${randomBytes(12).toString('hex')}`;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** Routes a request; also mounted on the bot's own port in sandbox mode, for the page. */
  override async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path.startsWith('/api/')) return serveWebApi(this.webApiHost, path.slice(5), req, res);
    if (path.startsWith('/response/')) return this.responses.serve(path.slice(10), req, res, this.workspace);
    if (path.startsWith('/upload/')) return receiveUpload(this.workspace, path.slice(8), req, res);
    if (await servePage(this, path, req, res)) return;
    sendJson(res, 404, { ok: false, error: 'not_found' });
  }

  protected override upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!this.socket.upgrade(req, socket, head)) socket.destroy();
  }

  override async close(): Promise<void> {
    this.socket.close();
    await super.close();
  }

  private get appTransport(): AppTransport {
    const { transport, socket, appUrl } = this;
    return { transport, socket, appUrl, signingSecret: this.options.signingSecret };
  }

  private get webApiHost(): WebApiHost {
    return {
      workspace: this.workspace,
      faults: this.faults,
      calls: this.calls,
      tokens: { bot: this.options.botToken, app: this.appToken },
      context: { baseUrl: this.url, useTrigger: (id) => this.triggers.use(id) },
      openSocket: () => this.socket.open(this.url),
    };
  }

  private get interactions(): InteractionContext {
    return {
      workspace: this.workspace,
      responses: this.responses,
      baseUrl: this.url,
      commands: this.commands,
      user: (id) => this.workspace.actingUser(id),
      newTrigger: (userId) => this.triggers.issue(userId),
      send: (body, contentType, options) => sendToApp(this.appTransport, body, contentType, options),
    };
  }

  /** Sends "/ops status api" typed in a channel, as Slack would. Slack's own answers to failures become ephemerals. */
  slashCommand(input: { text: string; channel?: string; user?: string }, options?: SendOptions): Promise<Delivery> {
    return slashCommand(this.interactions, input, options);
  }

  clickAction(
    input: ActionInput & { channel?: string; messageTs?: string; viewId?: string; user?: string },
    options?: SendOptions,
  ): Promise<Delivery> {
    return clickAction(this.interactions, input, options);
  }

  submitView(
    input: { viewId: string; values: Record<string, unknown>; user?: string },
    options?: SendOptions,
  ): Promise<Delivery & { errors?: Record<string, string> }> {
    return submitView(this.interactions, input, options);
  }

  closeView(viewId: string): void {
    this.workspace.views = this.workspace.views.filter((v) => v.id !== viewId);
    this.workspace.touch();
  }

  /** A person's message in a channel (the bot subscribes to no message events, so nothing is sent). */
  userMessage(input: { channel: string; text: string; user?: string; threadTs?: string }): SlackMessage | undefined {
    const channel = this.workspace.findChannel(input.channel);
    if (!channel) return undefined;
    return this.workspace.addMessage({
      channel: channel.id,
      user: this.workspace.actingUser(input.user).id,
      text: input.text,
      threadTs: input.threadTs,
    });
  }

  addReaction(input: {
    channel: string;
    ts: string;
    name: string;
    user?: string;
  }): Promise<SignedResponse | undefined> {
    return addReaction(this.interactions, input);
  }

  openHome(userId?: string): Promise<SignedResponse> {
    return openHome(this.interactions, userId);
  }

  /** The sandbox's welcome, first in #general (the channel the page opens on), from Slackbot as Slack's own tips are. */
  postWelcome(text: string): SlackMessage | undefined {
    const general = this.workspace.findChannel('general') ?? this.workspace.channels[0];
    return (
      general && this.workspace.addMessage({ channel: general.id, user: 'USLACKBOT', username: 'Sandbox guide', text })
    );
  }

  /** Sends a raw body to the app, signed; tests use it for retries, stale and forged requests. */
  sendRaw(body: string, contentType: string, options?: SendOptions): Promise<SignedResponse> {
    return sendToApp(this.appTransport, body, contentType, options);
  }

  // ---- reading the workspace, for tests and the page ----

  messagesIn(channel: string): SlackMessage[] {
    return this.workspace.messagesIn(channel);
  }

  async waitFor<T>(probe: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`waitFor: nothing after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export type { ApiCall, CommandInfo };
export { BOT_ID, BOT_USER_ID };
