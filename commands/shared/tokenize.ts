import { decodeSlackEntities } from './slack-entities.js';

// “ ” „ and ‘ ’, escaped: the shipped bundle must be ASCII (scripts/bundle.mjs).
const CURLY_DOUBLE = /[\u201C\u201D\u201E]/g;
const CURLY_SINGLE = /[\u2018\u2019]/g;

/** Slack sends curly quotes when a user's keyboard makes them: straight ones, so they work as quotes. */
export function straightQuotes(text: string): string {
  return text.replace(CURLY_DOUBLE, '"').replace(CURLY_SINGLE, "'");
}

/** Splits command text into words, keeping "quoted phrases" (curly quotes too) together. */
export function tokenize(text: string): string[] {
  const normalised = straightQuotes(text);
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of normalised.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  return tokens;
}

/** A slash command's words: Slack sends its text with `&`, `<` and `>` as entities, decoded here once. */
export function commandWords(text: string): string[] {
  return tokenize(decodeSlackEntities(text).trim());
}
