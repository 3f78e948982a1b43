import { context, escapeKeepingMentions, escapeMrkdwn, header, message, section, type Message } from './kit.js';

export interface HelpEntry {
  command: string;
  description: string;
  usage: string[];
  available: boolean;
}

export function renderHelp(commands: HelpEntry[]): Message {
  const blocks = [
    header('ChatOps commands'),
    ...commands.map((c) =>
      section(
        `*${c.command}* — ${escapeMrkdwn(c.description)}${c.available ? '' : ' _(not in this release yet)_'}\n${c.usage.map((u) => `\`${escapeMrkdwn(u)}\``).join('\n')}`,
      ),
    ),
    context(
      'Arguments in <angle brackets> are required, [square brackets] optional. Quote titles with spaces: "Checkout returns 500".',
    ),
  ];
  const text = `ChatOps commands: ${commands.map((c) => escapeMrkdwn(c.usage.join(', '))).join('; ')}`;
  return message(text, blocks);
}

export function renderUsage(problem: string, usage: string[]): Message {
  const lines = usage.map((u) => `\`${escapeMrkdwn(u)}\``).join('\n');
  const text = `${escapeKeepingMentions(problem)}\nUsage:\n${escapeMrkdwn(usage.join('\n'))}`;
  return message(text, [
    section(`:warning: ${escapeKeepingMentions(problem)}\n*Usage:*\n${lines}`),
    context('`/ops help` lists every command.'),
  ]);
}

/**
 * A short ephemeral answer when something failed or was refused. `problem` is the bot's sentence, with words
 * from users in it and the bot's own `<@U…>` mentions: the mentions render, everything else is escaped.
 */
export function renderProblem(problem: string): Message {
  const text = escapeKeepingMentions(problem);
  return message(text, [section(`:warning: ${text}`)]);
}
