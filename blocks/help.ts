import { context, escapeMrkdwn, header, message, section, type Message } from './kit.js';

export interface HelpEntry {
  command: string;
  description: string;
  usage: string[];
  available: boolean;
}

export function renderHelp(commands: HelpEntry[]): Message {
  const blocks = [
    header('ChatOps commands'),
    ...commands.map((c) => section(`*${c.command}* — ${escapeMrkdwn(c.description)}${c.available ? '' : ' _(not in this release yet)_'}\n${c.usage.map((u) => `\`${escapeMrkdwn(u)}\``).join('\n')}`)),
    context('Arguments in <angle brackets> are required, [square brackets] optional. Quote titles with spaces: "Checkout returns 500".'),
  ];
  const text = `ChatOps commands: ${commands.map((c) => c.usage.join(', ')).join('; ')}`;
  return message(text, blocks);
}

export function renderUsage(problem: string, usage: string[]): Message {
  const lines = usage.map((u) => `\`${escapeMrkdwn(u)}\``).join('\n');
  const text = `${problem}\nUsage:\n${usage.join('\n')}`;
  return message(text, [section(`:warning: ${escapeMrkdwn(problem)}\n*Usage:*\n${lines}`), context('`/ops help` lists every command.')]);
}

/** A short ephemeral answer when something failed that the user did not cause. */
export function renderProblem(problem: string): Message {
  return message(problem, [section(`:warning: ${escapeMrkdwn(problem)}`)]);
}
