/**
 * Keys that break a map of names: `__proto__` is dropped when the config is read (so a service of that name
 * silently vanished), and the others shadow what every object has (`constructor`, `toString`…).
 */
const RESERVED = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

/** The key paths of reserved keys anywhere in the parsed YAML, each as a problem line. */
export function reservedKeyProblems(value: unknown, path: string[] = []): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => reservedKeyProblems(item, [...path, String(i)]));
  if (value === null || typeof value !== 'object') return [];
  return Object.keys(value).flatMap((key) =>
    RESERVED.has(key)
      ? [`${[...path, key].join('.')}: "${key}" is a reserved name; choose another`]
      : reservedKeyProblems((value as Record<string, unknown>)[key], [...path, key]),
  );
}
