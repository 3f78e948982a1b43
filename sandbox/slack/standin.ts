import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { applyFault, Faults } from '../faults.js';
import { readBody, readParams, sendJson } from '../http.js';
import { LocalServer } from '../local-server.js';
import { servePage } from './page-api.js';
import {
  eventBody,
  slashCommandBody,
  blockActionsBody,
  findElement,
  viewSubmissionBody,
  type ActionInput,
} from './payloads.js';
import { sendSigned, type SendOptions, type SignedResponse } from './signing.js';
import { METHODS, SlackApiError } from './web-api.js';
import { BOT_ID, BOT_USER_ID, Workspace, type SlackMessage } from './workspace.js';
import { ResponseUrls, type ResponseTarget } from './response-urls.js';
import { envelopeOf, SocketModeHub } from './socket-mode.js';

const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files']);

export interface CommandInfo {
  command: string;
  usage: string;
  description: string;
}

export interface ApiCall {
  method: string;
  params: Record<string, unknown>;
}

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
  private readonly triggers = new Map<string, { userId: string; at: number }>();
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
    if (path.startsWith('/api/')) return this.webApi(path.slice(5), req, res);
    if (path.startsWith('/response/')) return this.responseUrl(path.slice(10), req, res);
    if (path.startsWith('/upload/')) return this.upload(path.slice(8), req, res);
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

  private async webApi(method: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const fault = this.faults.take(method);
    if (fault && fault.kind !== 'slow') return applyFault(res, fault, true);
    const params = await readParams(req);
    for (const key of Object.keys(params)) {
      const value = params[key];
      if (JSON_FIELDS.has(key) && typeof value === 'string' && /^[[{]/.test(value)) params[key] = JSON.parse(value);
    }
    this.calls.push({ method, params });
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? (params.token as string | undefined);
    const tokenType = token === this.appToken ? 'app' : token === this.options.botToken ? 'bot' : undefined;
    if (!tokenType) return sendJson(res, 200, { ok: false, error: token ? 'invalid_auth' : 'not_authed' });
    // apps.connections.open takes only the app-level token; every other method only the bot token.
    if ((method === 'apps.connections.open') !== (tokenType === 'app'))
      return sendJson(res, 200, { ok: false, error: 'not_allowed_token_type' });
    if (method === 'apps.connections.open') return sendJson(res, 200, { ok: true, url: this.socket.open(this.url) });
    const handler = METHODS[method];
    if (!handler) return sendJson(res, 200, { ok: false, error: 'unknown_method' });
    try {
      const result = handler(this.workspace, params, { baseUrl: this.url, useTrigger: (id) => this.useTrigger(id) });
      if (fault?.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, fault.ms));
      sendJson(res, 200, { ok: true, ...result });
    } catch (error) {
      if (error instanceof SlackApiError) return sendJson(res, 200, { ok: false, error: error.error });
      throw error;
    }
  }

  private async upload(fileId: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const file = this.workspace.files.get(fileId);
    if (!file) return sendJson(res, 404, { ok: false, error: 'file_not_found' });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    // @slack/web-api's files.uploadV2 posts multipart/form-data; a raw body is accepted too, as Slack does.
    file.bytes = type.startsWith('multipart/form-data') ? await filePart(body, type) : body;
    if (file.bytes.subarray(1, 4).toString() === 'PNG') file.ref.mimetype = 'image/png';
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${file.bytes.length}`);
  }

  private async responseUrl(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const error = this.responses.apply(id, body, this.workspace);
    sendJson(res, error ? 404 : 200, error ? { ok: false, error } : { ok: true });
  }

  private useTrigger(triggerId: unknown): { userId: string } {
    const trigger = this.triggers.get(String(triggerId));
    if (!trigger) throw new SlackApiError('invalid_trigger_id');
    this.triggers.delete(String(triggerId));
    if (Date.now() - trigger.at > 3000) throw new SlackApiError('expired_trigger_id');
    return { userId: trigger.userId };
  }

  private newTrigger(userId: string): string {
    const id = `${Date.now()}.${Math.floor(Math.random() * 1e9)}.sandbox`;
    this.triggers.set(id, { userId, at: Date.now() });
    return id;
  }

  private user(id?: string) {
    const user = this.workspace.findUser(id ?? this.workspace.currentUserId);
    if (!user) throw new Error(`unknown user ${id}`);
    return user;
  }

  private async send(body: string, contentType: string, options?: SendOptions): Promise<SignedResponse> {
    const transport = options?.transport ?? this.transport;
    if (transport === 'socket' || (transport === 'auto' && this.socket.accepted > 0)) {
      const envelope = envelopeOf(body, contentType);
      const retry = options?.retryNum ? { retryAttempt: options.retryNum, retryReason: 'timeout' } : {};
      return this.socket.deliver(envelope.type, envelope.payload, {
        acceptsResponsePayload: envelope.acceptsResponsePayload,
        ...retry,
      });
    }
    const url = options?.url ?? this.appUrl;
    if (!url) throw new Error('the stand-in does not know the app URL yet');
    return sendSigned(url, this.options.signingSecret, body, contentType, options);
  }

  /** Sends "/ops status api" typed in a channel, as Slack would. Slack's own answers to failures become ephemerals. */
  async slashCommand(
    input: { text: string; channel?: string; user?: string },
    options?: SendOptions,
  ): Promise<SignedResponse & { ok: boolean; error?: string }> {
    const [command = ''] = input.text.trim().split(/\s+/);
    const text = input.text.trim().slice(command.length).trim();
    const user = this.user(input.user);
    const channel = this.workspace.findChannel(input.channel ?? 'general');
    if (!channel) return { ok: false, error: 'channel_not_found', status: 0, body: '', contentType: '', elapsedMs: 0 };
    if (this.commands.length > 0 && !this.commands.some((c) => c.command === command)) {
      return {
        ok: false,
        error: `${command} is not a valid command. In Slack, all messages that start with "/" are interpreted as commands.`,
        status: 0,
        body: '',
        contentType: '',
        elapsedMs: 0,
      };
    }
    const target: ResponseTarget = { kind: 'command', channel: channel.id, user: user.id };
    const responseUrl = `${this.url}/response/${this.responses.register(target)}`;
    const body = slashCommandBody({ command, text, channel, user, responseUrl, triggerId: this.newTrigger(user.id) });
    const answer = await this.send(body, 'application/x-www-form-urlencoded', options);
    const failure = this.ackFailure(answer);
    if (failure) {
      this.systemEphemeral(channel.id, user.id, `${command} failed with the error "${failure}"`);
      return { ...answer, ok: false, error: failure };
    }
    if (answer.body) this.responses.applyAck(target, answer, this.workspace);
    return { ...answer, ok: true };
  }

  async clickAction(
    input: ActionInput & { channel?: string; messageTs?: string; viewId?: string; user?: string },
    options?: SendOptions,
  ): Promise<SignedResponse & { ok: boolean; error?: string }> {
    const user = this.user(input.user);
    const view = input.viewId
      ? (this.workspace.views.find((v) => v.id === input.viewId) ?? this.workspace.findHomeView(input.viewId))
      : undefined;
    const channel = input.channel ? this.workspace.findChannel(input.channel) : undefined;
    const message = channel && input.messageTs ? this.workspace.findMessage(channel.id, input.messageTs) : undefined;
    if (!view && !message)
      return { ok: false, error: 'message_not_found', status: 0, body: '', contentType: '', elapsedMs: 0 };
    const blocks = view ? (view.view.blocks as unknown[]) : message?.blocks;
    const element = findElement(blocks, input.actionId, input.blockId);
    const responseUrl =
      message && channel
        ? `${this.url}/response/${this.responses.register({ kind: 'action', channel: channel.id, user: user.id, messageTs: message.ts })}`
        : undefined;
    const body = blockActionsBody({
      user,
      input,
      element,
      responseUrl,
      triggerId: this.newTrigger(user.id),
      channel,
      message,
      view,
    });
    const answer = await this.send(body, 'application/x-www-form-urlencoded', options);
    const failure = this.ackFailure(answer);
    return { ...answer, ok: !failure, error: failure };
  }

  async submitView(
    input: { viewId: string; values: Record<string, unknown>; user?: string },
    options?: SendOptions,
  ): Promise<SignedResponse & { ok: boolean; error?: string; errors?: Record<string, string> }> {
    const view = this.workspace.views.find((v) => v.id === input.viewId);
    if (!view) return { ok: false, error: 'view_not_found', status: 0, body: '', contentType: '', elapsedMs: 0 };
    const user = this.user(input.user ?? view.userId);
    const answer = await this.send(
      viewSubmissionBody({ user, view, values: input.values, triggerId: this.newTrigger(user.id) }),
      'application/x-www-form-urlencoded',
      options,
    );
    const failure = this.ackFailure(answer);
    if (failure) return { ...answer, ok: false, error: failure };
    const reply = answer.body
      ? (JSON.parse(answer.body) as {
          response_action?: string;
          errors?: Record<string, string>;
          view?: Record<string, unknown>;
        })
      : {};
    const ws = this.workspace;
    if (reply.response_action === 'errors') return { ...answer, ok: false, errors: reply.errors ?? {} };
    if (reply.response_action === 'update' && reply.view) view.view = reply.view;
    else if (reply.response_action === 'push' && reply.view)
      ws.views.push({ id: ws.nextId('V'), userId: user.id, hash: ws.nextTs(), view: reply.view });
    else if (reply.response_action === 'clear') ws.views = ws.views.filter((v) => v.userId !== user.id);
    else ws.views = ws.views.filter((v) => v.id !== view.id);
    ws.touch();
    return { ...answer, ok: true };
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
      user: this.user(input.user).id,
      text: input.text,
      threadTs: input.threadTs,
    });
  }

  async addReaction(input: {
    channel: string;
    ts: string;
    name: string;
    user?: string;
  }): Promise<SignedResponse | undefined> {
    const channel = this.workspace.findChannel(input.channel);
    const message = channel && this.workspace.findMessage(channel.id, input.ts);
    if (!channel || !message) return undefined;
    const user = this.user(input.user);
    message.reactions.push({ name: input.name, users: [user.id] });
    this.workspace.touch();
    const event = {
      type: 'reaction_added',
      user: user.id,
      reaction: input.name,
      item_user: message.user,
      item: { type: 'message', channel: channel.id, ts: message.ts },
    };
    return this.send(eventBody(event), 'application/json');
  }

  async openHome(userId?: string): Promise<SignedResponse> {
    return this.send(
      eventBody({ type: 'app_home_opened', user: this.user(userId).id, channel: 'D0HOME0001', tab: 'home' }),
      'application/json',
    );
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
    return this.send(body, contentType, options);
  }

  // ---- reading the workspace, for tests and the page ----

  messagesIn(channel: string): SlackMessage[] {
    const id = this.workspace.findChannel(channel)?.id;
    return this.workspace.messages.filter((m) => m.channel === id);
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

  private ackFailure(answer: SignedResponse): string | undefined {
    if (answer.status !== 200) return answer.status === 401 ? 'invalid_signature' : 'dispatch_failed';
    if (answer.elapsedMs > 3000) return 'operation_timeout';
    return undefined;
  }

  private systemEphemeral(channel: string, user: string, text: string): void {
    this.workspace.addMessage({
      channel,
      user: 'USLACKBOT',
      username: 'Slackbot',
      text,
      ephemeral: true,
      visibleTo: user,
    });
  }
}

/** The first file in a multipart/form-data body (or the body itself when there is none). */
async function filePart(body: Buffer, contentType: string): Promise<Buffer> {
  const form = await new Response(body, { headers: { 'content-type': contentType } }).formData();
  const part = [...form.values()].find((value) => typeof value !== 'string');
  return part && typeof part !== 'string' ? Buffer.from(await part.arrayBuffer()) : body;
}

export { BOT_ID, BOT_USER_ID };
