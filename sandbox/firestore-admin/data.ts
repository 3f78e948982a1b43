import type { IncomingMessage } from 'node:http';
import { ApiError } from '../cloud-run/wire.js';
import { readBody } from '../http.js';
import { documentsAt, groupOf, type DatabaseState, type Documents } from './model.js';
import { findDatabase } from './api.js';
import type { StandinState } from './state.js';

/**
 * The reads a restore drill makes through the Firestore data API (google/firestore/v1/firestore.proto), as the
 * REST transport sends them: `runAggregationQuery` with `count` over a collection group, `runQuery` ordered by
 * `__name__` with a limit, `batchGet` and `listCollectionIds` of the root, each at an optional `readTime`.
 * Streaming methods answer with a JSON array of responses, as Google's REST front end does.
 */

const ROOT =
  /^\/v1\/projects\/([^/]+)\/databases\/([^/]+)\/documents:(runAggregationQuery|runQuery|batchGet|listCollectionIds)$/;

interface Query {
  from?: { collectionId?: string; allDescendants?: boolean }[];
  /** An Int32Value, which proto3 JSON writes as a plain number. */
  limit?: unknown;
}

export async function handleData(
  state: StandinState,
  method: string,
  path: string,
  req: IncomingMessage,
): Promise<unknown> {
  const m = ROOT.exec(path);
  if (!m || method !== 'POST') return undefined;
  const db = findDatabase(state, m[1]!, m[2]!);
  const root = `projects/${db.project}/databases/${db.id}/documents`;
  const body = await json(req);
  const readTime = typeof body.readTime === 'string' ? Date.parse(body.readTime) : undefined;
  const docs = read(db, readTime, state.now().getTime());
  const at = new Date(readTime ?? state.now().getTime()).toISOString();
  switch (m[3]) {
    case 'listCollectionIds': {
      const ids = [...new Set([...docs.keys()].filter((p) => p.split('/').length === 2).map(groupOf))].sort();
      return { collectionIds: ids };
    }
    case 'runAggregationQuery': {
      const aq = (body.structuredAggregationQuery ?? {}) as {
        structuredQuery?: Query;
        aggregations?: { alias?: string }[];
      };
      const matching = select(docs, aq.structuredQuery ?? {});
      const alias = aq.aggregations?.[0]?.alias ?? 'field_1';
      return [{ result: { aggregateFields: { [alias]: { integerValue: String(matching.length) } } }, readTime: at }];
    }
    case 'runQuery': {
      const q = (body.structuredQuery ?? {}) as Query;
      const limit = q.limit ?? Number.POSITIVE_INFINITY;
      if (typeof limit !== 'number')
        throw new ApiError(400, "Invalid value at 'structured_query.limit' (TYPE_INT32).", 'INVALID_ARGUMENT');
      const found = select(docs, q).slice(0, limit);
      if (found.length === 0) return [{ readTime: at }];
      return found.map(([p, fields]) => ({ document: { name: `${root}/${p}`, fields }, readTime: at }));
    }
    case 'batchGet': {
      const names = Array.isArray(body.documents) ? (body.documents as string[]) : [];
      return names.map((name) => {
        const fields = docs.get(name.slice(root.length + 1));
        return fields ? { found: { name, fields }, readTime: at } : { missing: name, readTime: at };
      });
    }
  }
  return undefined;
}

/** PITR reads: within the retention window only, as Firestore refuses older ones. */
function read(db: DatabaseState, readTime: number | undefined, now: number): Documents {
  if (readTime === undefined) return documentsAt(db);
  const window = db.pitr ? 7 * 86_400_000 : 3_600_000;
  if (readTime < now - window || readTime < db.createdAt)
    throw new ApiError(400, 'The requested read time is outside the version retention period.', 'FAILED_PRECONDITION');
  if (readTime < now - 3_600_000 && readTime % 60_000 !== 0)
    throw new ApiError(400, 'Reads older than one hour must be at a whole-minute timestamp.', 'INVALID_ARGUMENT');
  return documentsAt(db, readTime);
}

function select(docs: Documents, q: Query): [string, unknown][] {
  const group = q.from?.[0]?.collectionId;
  return [...docs.entries()].filter(([p]) => groupOf(p) === group).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

async function json(req: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    return JSON.parse((await readBody(req)) || '{}') as Record<string, unknown>;
  } catch {
    throw new ApiError(400, 'Invalid JSON payload received.', 'INVALID_ARGUMENT');
  }
}
