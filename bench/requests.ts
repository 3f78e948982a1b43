/** The bodies the bench sends, built as the Slack stand-in builds them, and a sink for response_url posts. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { blockActionsBody, findElement, slashCommandBody } from '../sandbox/slack/payloads.js';
import type { SlackStandin } from '../sandbox/slack/standin.js';
import type { SlackMessage } from '../sandbox/slack/workspace.js';
import { ROOT } from './processes.js';

let counter = 0;
const triggerId = (): string => `${Date.now()}.${(counter += 1)}.bench`;

/** Where the bodies' response_url points: bench/sink.ts in its own process. */
export interface Sink {
  url: string;
  close(): Promise<void>;
}

export async function startSink(): Promise<Sink> {
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'bench', 'sink.js')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('\n')) resolve(out.trim());
    });
    child.once('exit', (code) => reject(new Error(`the response_url sink exited (${code}) before it listened`)));
  });
  return {
    url,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** A slash command typed by the stand-in's first user in #ops; a fresh trigger_id each time, as Slack sends. */
export function slashBody(slack: SlackStandin, sink: Sink, commandLine: string): () => string {
  const [command = '', ...rest] = commandLine.split(' ');
  const text = rest.join(' ');
  const channel = slack.workspace.findChannel('ops');
  const user = slack.workspace.users[0];
  if (!channel || !user) throw new Error('the stand-in has no #ops or no user');
  return () => slashCommandBody({ command, text, channel, user, responseUrl: sink.url, triggerId: triggerId() });
}

/** A click on a button of a message the bot posted (the same body goes to the bare app, which acks any action). */
export function clickBody(
  slack: SlackStandin,
  sink: Sink,
  message: SlackMessage,
  actionId: string | RegExp,
): (() => string) | undefined {
  const channel = slack.workspace.channels.find((c) => c.id === message.channel);
  const user = slack.workspace.users[0];
  const id = buttonIds(message).find((candidate) =>
    typeof actionId === 'string' ? candidate === actionId : actionId.test(candidate),
  );
  if (!channel || !user || !id) return undefined;
  const element = findElement(message.blocks, id);
  return () =>
    blockActionsBody({
      user,
      input: { actionId: id },
      element,
      responseUrl: sink.url,
      triggerId: triggerId(),
      channel,
      message,
    });
}

/** The action_ids of the buttons in a message. */
export function buttonIds(message: SlackMessage): string[] {
  const ids: string[] = [];
  for (const block of (message.blocks ?? []) as Record<string, unknown>[]) {
    const elements = [
      ...((block.elements as Record<string, unknown>[] | undefined) ?? []),
      block.accessory as Record<string, unknown> | undefined,
    ];
    for (const e of elements) if (e?.type === 'button' && typeof e.action_id === 'string') ids.push(e.action_id);
  }
  return ids;
}
