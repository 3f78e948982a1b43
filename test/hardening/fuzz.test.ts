/**
 * Fuzz: 5,000 seeded random texts for every command of the catalog, through the real HTTP app (the bot as
 * its own process, `node dist/bundle/main.js`, so it runs on the second core while this process generates,
 * signs and checks), in parallel batches. No 5xx, no unhandled rejection, an ack within 3 s for each, and
 * each gets a message: in the ack (usage, error, help, "not in this release") or, for text that happens to
 * be a valid command, its answer. A new feature is fuzzed as soon as its command is in commands/catalog.ts.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignedClient } from '../../bench/client.js';
import { COMMANDS } from '../../commands/catalog.js';
import { startChildBot, type ChildBot } from './child-bot.js';
import { ackMessage, commandBody, ESCAPED, expectNoSecrets, problemWith, ResponseCollector } from './support.js';

const SEED = 20_261_122;
const TEXTS_PER_COMMAND = 5000;
const BATCH = 125;
/** A command answered after the ack (a valid `/ops status`) posts its reply within this time. */
const REPLY_WITHIN_MS = 15_000;
const POSTING_METHODS = new Set([
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'views.open',
  'views.publish',
  'files.completeUploadExternal',
]);

let bot: ChildBot;
let collector: ResponseCollector;
let client: SignedClient;

beforeAll(async () => {
  bot = await startChildBot({ logLevel: 'info' });
  collector = await new ResponseCollector().start();
  // Signed as the stand-in signs (sendRaw), over keep-alive node:http: a third of fetch's cost per request.
  client = new SignedClient(bot.server.eventsUrl, bot.sandbox.settings.slack.signingSecret ?? '');
});
afterAll(async () => {
  client?.close();
  await collector?.close();
  await bot?.cleanup();
});

/** The words of every usage line (subcommands, services, flags, periods), so texts are near-valid as often as random. */
const usageWords = [
  ...new Set(COMMANDS.flatMap((c) => c.usage.join(' ').split(/[\s|[\]<>]+/)).filter((w) => w && !w.startsWith('/'))),
];
const word = fc.constantFrom(
  ...usageWords,
  'help',
  'status',
  'api',
  'web',
  'worker',
  'nope',
  'prod',
  'staging',
  'main',
  'P0',
  'P3',
  '2026-02-30..2026-01-01',
  'HEAD~1',
  'v1.2.3',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
);
const flag = fc.constantFrom(
  '--by',
  '--by=service',
  '--by sku',
  '-f',
  '--force',
  '--',
  '-',
  '—by',
  '--reason="rollout stuck"',
  '--by=',
  '---',
  '-h',
  '--help',
);
const mention = fc.constantFrom(
  '<@U0ALEX0001>',
  '<@U0SAM00002|sam>',
  '<#C0123ABCD|deploys>',
  '<#C0123ABCD>',
  '<!subteam^S0SRETEAM1|@sre-team>',
  '<!here>',
  '<!channel>',
  '@alex',
  '#ops',
  '<@>',
  '<!date^1392734382^{date}|Feb 18>',
);
const link = fc.constantFrom(
  '<https://example.com/a?b=c&amp;d=e|label>',
  '<http://127.0.0.1:9/x>',
  '<mailto:a@b.c|a@b.c>',
  'https://example.com/a b',
  '&lt;script&gt;',
  '<https://x|>',
  '<|>',
);
const unicode = fc.oneof(
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('🚀', '👩🏽‍💻', 'ǅ', 'İ', '\u202e', '\u200b', '\u0000', '\uffff', 'ß', '日本語'),
);
const quoted = fc
  .tuple(
    fc.constantFrom('"', "'", '“', '”', '‘', '’', '„', '`', '```'),
    fc.string({ maxLength: 30 }),
    fc.constantFrom('"', "'", '”', '“', '’', '', '`'),
  )
  .map(([a, s, b]) => `${a}${s}${b}`);
const token = fc.oneof({ weight: 5, arbitrary: word }, flag, mention, link, unicode, quoted);
const space = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', ' \u200b ');
const tokens = fc
  .array(fc.tuple(token, space), { minLength: 1, maxLength: 10 })
  .map((pairs) => pairs.map(([t, s]) => t + s).join(''));
/** 3,900–4,000 characters (Slack's limit for command text): a random chunk repeated, cheaper than 4,000 random draws. */
const long = fc
  .tuple(
    fc.constantFrom('', 'status ', 'help ', 'declare P1 api ', '--by '),
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 60 }),
    fc.integer({ min: 3900, max: 4000 }),
  )
  .map(([head, chunk, length]) => (head + chunk.repeat(Math.ceil(length / chunk.length))).slice(0, length));
// An empty text is often a valid command (`/cost` reports this month): it is in the edge cases, not in every other draw.
const text = fc.oneof(
  { weight: 8, arbitrary: tokens },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 300 }) },
  { weight: 1, arbitrary: long },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\n', '"', "'", '--', '""', '“”') },
);

interface Outcome {
  text: string;
  problem?: string;
}

async function sendOne(command: string, input: string): Promise<Outcome> {
  const { id, body } = commandBody(bot.sandbox, collector, command, input);
  const answer = await client.send(body, { timeoutMs: 10_000 });
  if (answer.status !== 200)
    return { text: input, problem: answer.error ? `no HTTP answer: ${answer.error}` : `HTTP ${answer.status}` };
  if (answer.ms > 3000) return { text: input, problem: `acked after ${Math.round(answer.ms)} ms` };
  const inAck = ackMessage(answer.body);
  if (inAck) return { text: input, problem: problemWith(inAck) };
  const replies = await collector.waitFor(id, REPLY_WITHIN_MS);
  if (!replies) return { text: input, problem: 'empty ack and no reply through response_url' };
  const bad = replies.map(problemWith).find(Boolean);
  return { text: input, problem: bad };
}

describe.each(COMMANDS.map((c) => c.command))('fuzzing %s', (command) => {
  it(`answers ${TEXTS_PER_COMMAND} random texts cleanly`, async () => {
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
        const slack = bot.sandbox.slack;
        const callsBefore = slack.calls.length;
        const outcomes = await Promise.all(batch.map((t) => sendOne(command, t)));
        sent += batch.length;
        // A valid command may answer with a message of its own instead of through response_url.
        const posted = slack.calls.slice(callsBefore).some((c) => POSTING_METHODS.has(c.method));
        const failed = outcomes.filter((o) => o.problem && !(posted && o.problem.startsWith('empty ack and no reply')));
        // main.js logs unhandled rejections; the guard and the HTTP server log what escaped a handler
        const escaped = bot.logs.filter((line) => ESCAPED.test(line));
        expectNoSecrets({ slack, settings: bot.sandbox.settings, logs: bot.logs });
        bot.logs.length = 0; // keep memory flat over 25,000 requests; the checks above ran on this batch's lines
        expect(
          failed.map((o) => `${o.problem}: ${JSON.stringify(o.text.slice(0, 120))}`),
          'texts answered badly',
        ).toEqual([]);
        expect(
          escaped.map((line) => line.slice(0, 1500)),
          'errors that escaped a handler, unhandled rejections',
        ).toEqual([]);
        expect(bot.server.child.exitCode, 'the bot is still running').toBeNull();
      }),
      {
        seed: SEED + COMMANDS.findIndex((c) => c.command === command),
        numRuns: TEXTS_PER_COMMAND / BATCH,
        endOnFailure: true,
      },
    );
    expect(sent).toBeGreaterThanOrEqual(TEXTS_PER_COMMAND);
  }, 120_000);
});
