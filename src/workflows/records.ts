import { isDeepStrictEqual } from 'node:util';
import type { Collection, Store, Versioned } from '../ports/store.js';

export { Refusal } from '../domain/errors.js';

/**
 * Read-modify-write with compare-and-set, retried on conflict. `change` returns the new data (data equal to
 * the stored data writes nothing), or throws a Refusal. Two instances, double clicks and retries all serialise here.
 */
export async function update<T extends object>(
  store: Store,
  collection: Collection<T>,
  id: string,
  change: (current: T) => NoInfer<T>,
): Promise<{ before: T; after: Versioned<T> } | null> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const current = await store.get(collection, id);
    if (!current) return null;
    const next = change(structuredClone(current.data));
    if (JSON.stringify(next) === JSON.stringify(current.data)) return { before: current.data, after: current };
    const written = await store.compareAndSet(collection, id, current.version, next);
    if (written) return { before: current.data, after: written };
  }
  throw new Error(`${collection.name}/${id}: too much contention, gave up after 50 attempts`);
}

/** Whether a record changed after the version a card was rendered from (the message it was posted as aside). */
export function changedSince<T extends { message?: unknown }>(rendered: T, current: T): boolean {
  const { message: _a, ...was } = rendered;
  const { message: _b, ...is } = current;
  return !isDeepStrictEqual(JSON.parse(JSON.stringify(was)), is); // as stored: no undefined fields, any key order
}
