import { FIRESTORE_DATABASE_ID } from '../../src/config/schema-backup.js';
import { clip } from '../../src/domain/format.js';
import { commandWords } from '../shared/tokenize.js';

export type BackupInput =
  | { kind: 'help' }
  | { kind: 'status'; database?: string }
  | { kind: 'drill'; database?: string }
  | { kind: 'restore'; database: string; backup?: string; at?: string; to: string; force?: string };

/** `/backup status [database]`, `drill [database]`, `restore <database> [backup | --at <time>] --to <new-id>`; a string is the problem. */
export function parseBackup(text: string): BackupInput | string {
  const tokens = commandWords(text);
  const [verb, ...rest] = tokens;
  if (!verb || verb === 'help') return { kind: 'help' };
  if (verb === 'status' || verb === 'drill') {
    if (rest.length > 1) return `Too many arguments: ${clip(rest.slice(1).join(' '))}.`;
    return { kind: verb, ...(rest[0] ? { database: rest[0] } : {}) };
  }
  if (verb !== 'restore') return `Unknown subcommand "${clip(verb)}": use status, drill or restore.`;
  const flags: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < rest.length; i += 1) {
    const token = rest[i]!;
    if (!token.startsWith('--')) {
      positional.push(token);
      continue;
    }
    const value = rest[i + 1];
    if (!['--to', '--at', '--force'].includes(token))
      return `Unknown option ${clip(token)}: use --to, --at or --force.`;
    if (!value || value.startsWith('--')) return `Give a value after ${token}.`;
    flags[token] = value;
    i += 1;
  }
  const [database, backup, ...extra] = positional;
  if (!database)
    return 'Name the database to restore: /backup restore <database> [backup | --at <time>] --to <new-database-id>.';
  if (extra.length) return `Too many arguments: ${clip(extra.join(' '))}.`;
  const to = flags['--to'];
  if (!to)
    return 'Say which new database to restore into with --to <new-database-id>: a restore never overwrites a database.';
  if (to === '(default)' || !FIRESTORE_DATABASE_ID.test(to))
    return `"${clip(to)}" is not a database ID: 4–63 lowercase letters, digits and dashes, starting with a letter.`;
  if (backup && flags['--at']) return 'Restore either a backup or a point in time (--at), not both.';
  let at: string | undefined;
  if (flags['--at']) {
    const parsed = parseTime(flags['--at']);
    if (!parsed)
      return `"${clip(flags['--at'])}" is not a time: use ISO 8601 with a zone, e.g. 2026-12-07T09:30Z or 2026-12-07T10:30+01:00.`;
    at = parsed;
  }
  return {
    kind: 'restore',
    database,
    to,
    ...(backup ? { backup } : {}),
    ...(at ? { at } : {}),
    ...(flags['--force'] ? { force: flags['--force'].slice(0, 300) } : {}),
  };
}

/** An ISO 8601 time with a zone (Z or ±hh:mm), to the minute (PITR reads older than an hour are whole minutes). */
function parseTime(text: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}
