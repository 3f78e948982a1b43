import { ApiError } from '../cloud-run/wire.js';

/**
 * The part of the Monitoring filter language the stand-in understands: clauses `key = "value"` or
 * `key = one_of("a", "b")` joined by AND. Anything else is refused as Cloud Monitoring refuses a bad filter.
 */
export type Filter = Map<string, string[]>;

const KEYS = new Set([
  'metric.type',
  'resource.type',
  'resource.labels.project_id',
  'resource.labels.service_name',
  'resource.labels.revision_name',
  'resource.labels.location',
  'resource.labels.configuration_name',
  'metric.labels.response_code_class',
]);
const STRING = /"((?:[^"\\]|\\.)*)"/g;

export function parseFilter(text: string): Filter {
  const filter: Filter = new Map();
  for (const clause of text.split(/\s+AND\s+/)) {
    const m = /^\s*([a-z_.]+)\s*=\s*(.+?)\s*$/.exec(clause);
    if (!m) throw new ApiError(400, `Could not parse filter: unexpected "${clause.trim()}".`);
    const [, key, rhs] = m as unknown as [string, string, string];
    if (!KEYS.has(key)) throw new ApiError(400, `Could not parse filter: unknown field "${key}".`);
    const list = /^one_of\((.*)\)$/.exec(rhs)?.[1];
    const values = [...(list ?? rhs).matchAll(STRING)].map((v) => v[1]!.replace(/\\(.)/g, '$1'));
    if (values.length === 0 || (list === undefined && !/^".*"$/.test(rhs)))
      throw new ApiError(400, `Could not parse filter: expected a quoted value or one_of(...) for "${key}".`);
    filter.set(key, values);
  }
  if (!filter.has('metric.type'))
    throw new ApiError(400, 'The filter must specify a single metric type: metric.type = "…".');
  return filter;
}

export const accepts = (filter: Filter, key: string, value: string): boolean =>
  !filter.has(key) || filter.get(key)!.includes(value);
