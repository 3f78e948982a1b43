import type { WebClient } from '@slack/web-api';
import type { ActionItem } from '../../src/domain/incident.js';

export type SlackClient = WebClient;

interface Member {
  id: string;
  names: string[];
}

/** The workspace's people, for turning "@sam" (Slack sends mentions unescaped to this app) into user IDs. */
async function members(client: SlackClient): Promise<Member[]> {
  const found: Member[] = [];
  let cursor: string | undefined;
  do {
    const page = await client.users.list({ limit: 500, ...(cursor ? { cursor } : {}) });
    for (const m of page.members ?? []) {
      if (!m.id || m.deleted) continue;
      found.push({
        id: m.id,
        names: [m.name, m.profile?.display_name, m.real_name, m.profile?.real_name]
          .filter((n): n is string => Boolean(n))
          .map((n) => n.toLowerCase()),
      });
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return found;
}

const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
const USER_ID = /^[UW][A-Z0-9]{6,}$/;

/** `<@U…|sam>`, `<@U…>`, `U…` or `@sam` → a user ID; undefined when nobody matches. */
export async function resolveUser(client: SlackClient, word: string, cache?: Member[]): Promise<string | undefined> {
  const mention = MENTION.exec(word)?.[1];
  if (mention) return mention;
  if (USER_ID.test(word)) return word;
  const name = word.replace(/^@/, '').toLowerCase();
  if (!name) return undefined;
  return (cache ?? (await members(client))).find((m) => m.names.includes(name))?.id;
}

/** "- ", "* ", "• ", "[ ] ", "1. " before an item (• escaped: the shipped bundle must be ASCII, scripts/bundle.mjs). */
const LIST_MARK = /^\s*(?:[-*\u2022]|\[ ?\]|\d+[.)])\s*/;

/** One action item per line; a trailing `@name` or `<@U…>` names its owner. */
export async function parseActionItems(client: SlackClient, text: string | undefined): Promise<ActionItem[]> {
  const lines = (text ?? '')
    .split('\n')
    .map((l) => l.replace(LIST_MARK, '').trim())
    .filter(Boolean);
  if (lines.length === 0) return [];
  let cache: Member[] | undefined;
  const items: ActionItem[] = [];
  for (const line of lines) {
    const owner = /\s(<@[UW][A-Z0-9]+(?:\|[^>]*)?>|@[\w.-]+)$/.exec(line);
    if (!owner) {
      items.push({ text: line });
      continue;
    }
    cache ??= await members(client).catch(() => []);
    const id = await resolveUser(client, owner[1]!, cache);
    items.push(id ? { text: line.slice(0, owner.index).trim(), owner: id } : { text: line });
  }
  return items;
}

/** User ID → a readable name, for text that leaves Slack (the GitHub issue). */
export async function nameLookup(client: SlackClient): Promise<(id: string) => string> {
  const all = await members(client).catch(() => []);
  return (id) => all.find((m) => m.id === id)?.names[0] ?? id;
}
