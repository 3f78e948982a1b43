import type { Settings } from '../config/env.js';
import type { Store } from '../ports/store.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';

/** SQLite is loaded eagerly (built into Node); Firestore's client only when asked for. */
export async function openStore(settings: Settings['store'], sqlitePath: string): Promise<Store> {
  if (settings.kind === 'sqlite') return openSqliteStore(sqlitePath);
  const { openFirestoreStore } = await import('./firestore/firestore-store.js');
  return openFirestoreStore({ projectId: settings.projectId, emulatorHost: settings.emulatorHost });
}
