import { decodeSlackEntities } from './slack-entities.js';

/**
 * Splits command text into words, keeping "quoted phrases" together. Slack sends curly quotes when a
 * user's keyboard makes them, so those count as quotes too.
 */
export function tokenize(text: string): string[] {
  const normalised = text.replace(/[“”„]/g, '"').replace(/[‘’]/g, "'");
  const tokens: string[] = [];
  const pattern = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of normalised.matchAll(pattern)) tokens.push(match[1] ?? match[2] ?? match[3] ?? '');
  return tokens;
}

/** A slash command's words: Slack sends its text with `&`, `<` and `>` as entities, decoded here once. */
export function commandWords(text: string): string[] {
  return tokenize(decodeSlackEntities(text).trim());
}
