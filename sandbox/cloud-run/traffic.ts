import type { ServiceState, TrafficJson } from './model.js';
import { ApiError, enumName } from './wire.js';

/** A service's traffic split as an update sends it, read and checked as Cloud Run checks it. */

const TAG_PATTERN = /^[a-z]([a-z0-9-]{0,44}[a-z0-9])?$/;

export function parseTraffic(raw: unknown): TrafficJson[] {
  if (!Array.isArray(raw)) throw new ApiError(400, 'traffic must be a list of traffic targets');
  return raw.map((entry: Record<string, unknown>) => {
    const revision = typeof entry.revision === 'string' && entry.revision !== '' ? entry.revision : undefined;
    const named = enumName('type', entry.type);
    const type =
      named === 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' || named === 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION'
        ? named
        : revision
          ? 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION'
          : 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST';
    const percent = typeof entry.percent === 'number' ? entry.percent : Number(entry.percent ?? 0);
    const tag = typeof entry.tag === 'string' && entry.tag !== '' ? entry.tag : undefined;
    return { type, ...(revision ? { revision } : {}), percent, ...(tag ? { tag } : {}) };
  });
}

export function validateTraffic(s: ServiceState, traffic: TrafficJson[], newRevision: string | undefined): void {
  const known = new Set([...s.revisions.map((r) => r.name), ...(newRevision ? [newRevision] : [])]);
  let sum = 0;
  const tags = new Set<string>();
  for (const t of traffic) {
    if (!Number.isInteger(t.percent) || t.percent < 0 || t.percent > 100)
      throw new ApiError(400, `Invalid traffic percent ${t.percent}: must be an integer between 0 and 100.`);
    sum += t.percent;
    if (t.type === 'TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST' && t.revision)
      throw new ApiError(
        400,
        'A traffic target of type TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST must not name a revision.',
      );
    if (t.type === 'TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION') {
      if (!t.revision)
        throw new ApiError(
          400,
          'A traffic target of type TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION must name a revision.',
        );
      if (!known.has(t.revision)) throw new ApiError(400, `Revision '${t.revision}' referenced in traffic not found.`);
    }
    if (t.tag) {
      if (!TAG_PATTERN.test(t.tag))
        throw new ApiError(
          400,
          `Invalid tag '${t.tag}': tags must be lowercase letters, digits and hyphens, starting with a letter.`,
        );
      if (tags.has(t.tag)) throw new ApiError(400, `Tag '${t.tag}' is used by more than one traffic target.`);
      tags.add(t.tag);
    }
  }
  if (sum !== 100) throw new ApiError(400, `The traffic percentages must add up to 100; they add up to ${sum}.`);
}
