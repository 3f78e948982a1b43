/** Helpers shared by the hardening suite: signed bodies with our own response_url, and what a user would see. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { eventBody, slashCommandBody } from '../../sandbox/slack/payloads.js';
import { leakedSecrets, type Harness } from '../support/harness.js';

/** The guard's answer to an unexpected exception: a bug whenever the input alone caused it. */
export const SORRY = /Something went wrong on our side/;
/** A stack frame, as it would look if one leaked into a message. */
export const STACK = /\n\s+at [\w$.<>]+ \(?[^)\s]*:\d+:\d+\)?/;

/** Records every POST to `${url}/<id>`: the bot's response_url replies, per request. */
export class ResponseCollector {
  readonly posts = new Map<string, Record<string, unknown>[]>();
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const id = (req.url ?? '').split('/').pop() ?? '';
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          body = { unparsable: true };
        }
        this.posts.set(id, [...(this.posts.get(id) ?? []), body]);
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/r`;
    return this;
  }

  get total(): number {
    let n = 0;
    for (const list of this.posts.values()) n += list.length;
    return n;
  }

  async waitFor(id: string, timeoutMs: number): Promise<Record<string, unknown>[] | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const got = this.posts.get(id);
      if (got) return got;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return undefined;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

let sequence = 0;
/** A unique id per request: used as its trigger_id and as the last part of its response_url. */
export const nextId = (): string => `${Date.now()}.${(sequence += 1)}.hardening`;

/** A slash command body as Slack sends it, typed by the stand-in's first user in #ops. */
export function commandBody(
  h: Pick<Harness, 'slack'>,
  collector: ResponseCollector,
  command: string,
  text: string,
  id = nextId(),
): { id: string; body: string } {
  const channel = h.slack.workspace.findChannel('ops');
  const user = h.slack.workspace.users[0];
  if (!channel || !user) throw new Error('the stand-in has no #ops or no user');
  return {
    id,
    body: slashCommandBody({ command, text, channel, user, responseUrl: `${collector.url}/${id}`, triggerId: id }),
  };
}

/** An Events API body (reaction_added, app_home_opened…), with a fresh event_id. */
export const eventRequest = (event: Record<string, unknown>): string => eventBody(event);

/** The message a user sees from an ack body ('' when the ack was empty). */
export function ackMessage(body: string): Record<string, unknown> | undefined {
  if (!body) return undefined;
  try {
    return JSON.parse(body) as Record<string, unknown>;
  } catch {
    return { text: body };
  }
}

/** Every text a message shows: its fallback text and the text of every block. */
export function visibleText(message: Record<string, unknown>): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node))
        key === 'text' && typeof value === 'string' ? parts.push(value) : walk(value);
  };
  walk(message);
  return parts.join('\n');
}

/** What the issue asks of every answer: some text, not the guard's "something went wrong", no stack trace. */
export function problemWith(message: Record<string, unknown>): string | undefined {
  const text = visibleText(message);
  if (!text.trim()) return 'an answer with no text';
  if (SORRY.test(text)) return 'the guard caught an unexpected error';
  if (STACK.test(text)) return 'a stack trace in the answer';
  if (Array.isArray(message.blocks) && message.blocks.length > 50) return 'more than 50 blocks';
  return undefined;
}

/** Lines the bot writes only when something escaped a handler. */
export const ESCAPED =
  /"message":"(listener failed|request failed|unhandled promise rejection|An unhandled error occurred)/;

/** No configured secret in any log line or Slack message, across whatever the suite ran. */
export function expectNoSecrets(h: Pick<Harness, 'slack' | 'settings' | 'logs'>): void {
  expect(leakedSecrets(h)).toEqual([]);
}
