/**
 * Slack sends the text people type with `&`, `<` and `>` as entities. Decoded once on the way in, records
 * hold the words as typed, and the one escaping rule (blocks/kit.ts) encodes them once on the way out.
 */
export function decodeSlackEntities(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}
