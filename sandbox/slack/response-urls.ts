import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http.js';
import type { SignedResponse } from './signing.js';
import { BOT_ID, BOT_USER_ID, type Workspace } from './workspace.js';

export interface ResponseTarget {
  kind: 'command' | 'action';
  channel: string;
  user: string;
  /** For actions: the message the clicked button sits in. */
  messageTs?: string;
}

interface Reply {
  text?: string;
  blocks?: unknown[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean | string;
  delete_original?: boolean | string;
  thread_ts?: string;
}

/** Slack lets an app use a response_url up to 5 times within 30 minutes. */
const MAX_USES = 5;
const LIFETIME_MS = 30 * 60 * 1000;

export class ResponseUrls {
  private readonly targets = new Map<string, ResponseTarget & { uses: number; created: number }>();
  private counter = 0;

  register(target: ResponseTarget): string {
    this.counter += 1;
    const id = `T0SANDBOX1/${this.counter}/${Math.random().toString(36).slice(2, 12)}`.replaceAll('/', '-');
    this.targets.set(id, { ...target, uses: 0, created: Date.now() });
    return id;
  }

  /** A POST to a response_url, answered as Slack answers it. */
  async serve(id: string, req: IncomingMessage, res: ServerResponse, ws: Workspace): Promise<void> {
    const body = JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
    const error = this.apply(id, body, ws);
    sendJson(res, error ? 404 : 200, error ? { ok: false, error } : { ok: true });
  }

  /** Applies a POST to a response_url; returns Slack's error code, if any. */
  apply(id: string, body: Record<string, unknown>, ws: Workspace): string | undefined {
    const target = this.targets.get(id);
    if (!target || Date.now() - target.created > LIFETIME_MS) return 'expired_url';
    if (target.uses >= MAX_USES) return 'used_url';
    target.uses += 1;
    applyReply(target, body as Reply, ws);
    return undefined;
  }

  /** A slash command's ack body is answered like a first response_url post. */
  applyAck(target: ResponseTarget, answer: SignedResponse, ws: Workspace): void {
    let reply: Reply;
    try {
      reply = answer.contentType.includes('json') ? (JSON.parse(answer.body) as Reply) : { text: answer.body };
    } catch {
      reply = { text: answer.body };
    }
    applyReply(target, reply, ws);
  }
}

const truthy = (v: unknown): boolean => v === true || v === 'true';

function applyReply(target: ResponseTarget, reply: Reply, ws: Workspace): void {
  const original = target.messageTs ? ws.findMessage(target.channel, target.messageTs) : undefined;
  if (original && truthy(reply.delete_original)) {
    ws.messages = ws.messages.filter((m) => m !== original);
    ws.touch();
    return;
  }
  if (original && truthy(reply.replace_original)) {
    original.text = reply.text ?? original.text;
    original.blocks = reply.blocks;
    original.edited = true;
    ws.touch();
    return;
  }
  if (!reply.text && !reply.blocks) return;
  const inChannel = reply.response_type === 'in_channel';
  ws.addMessage({
    channel: target.channel,
    user: BOT_USER_ID,
    botId: BOT_ID,
    username: 'ChatOps',
    text: reply.text ?? '',
    blocks: reply.blocks,
    threadTs: reply.thread_ts,
    ephemeral: !inChannel,
    visibleTo: inChannel ? undefined : target.user,
  });
}
