import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Files stay small: every source file of the product, the sandbox (its page too), the bench and the scripts is at
 * most 200 lines as Biome formats it (120 columns; `biome ci` in `npm test` fails on one that is not formatted),
 * so no file is short thanks to long lines. Split a file by what it does, not where it reaches the limit.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const MAX_LINES = 200;

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

describe('files stay small', () => {
  it(`every source file is at most ${MAX_LINES} lines`, () => {
    const all = ['src', 'commands', 'blocks', 'sandbox', 'bench', 'scripts'].flatMap(sources);
    expect(all.length).toBeGreaterThan(250);
    const long = all
      .map((path) => ({ path, lines: readFileSync(join(ROOT, path), 'utf8').trimEnd().split('\n').length }))
      .filter((f) => f.lines > MAX_LINES)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
