/** The up-to-date check of `npm start`/`npm test`/`npm run bench` (scripts/build-stamp.mjs), on a project in a temp folder. */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIsCurrent, clearStamp, inputsHash, OUTPUTS, writeStamp } from '../../scripts/build-stamp.mjs';

let root: string;
const write = (path: string, text: string) => {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
};
/** What a successful build leaves: its outputs and the stamp of the inputs it read. */
const build = () => {
  for (const output of OUTPUTS) write(output, '// built');
  writeStamp(root, inputsHash(root));
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'chatops-build-'));
  write('package.json', '{"name":"x"}');
  write('tsconfig.json', '{}');
  write('src/main.ts', 'export const a = 1;');
  write('commands/deploy/index.ts', 'export {};');
  write('blocks/kit.ts', 'export {};');
  write('bench/run.ts', 'export {};');
  write('scripts/bundle.mjs', '');
  write('sandbox/page/app.js', '// served from sandbox/');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('the build is skipped only when dist/ was built from the sources there are now', () => {
  it('never built: stale', () => {
    expect(buildIsCurrent(root)).toBe(false);
  });

  it('unchanged since the last build: current (even when a file was only touched)', () => {
    build();
    expect(buildIsCurrent(root)).toBe(true);
    utimesSync(join(root, 'src/main.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(buildIsCurrent(root)).toBe(true);
  });

  it.each([
    ['a changed source', () => write('src/main.ts', 'export const a = 2;')],
    ['a new source', () => write('commands/cost/index.ts', 'export {};')],
    ['a changed renderer', () => write('blocks/kit.ts', 'export const b = 1;')],
    ['a changed bench', () => write('bench/run.ts', 'export const b = 1;')],
    ['a changed build script', () => write('scripts/bundle.mjs', '// minify')],
    ['a changed tsconfig.json', () => write('tsconfig.json', '{"compilerOptions":{}}')],
    ['a changed package.json', () => write('package.json', '{"name":"y"}')],
    ['a new package-lock.json', () => write('package-lock.json', '{}')],
    ['a deleted source', () => rmSync(join(root, 'blocks/kit.ts'))],
    [
      'a renamed source',
      () => {
        rmSync(join(root, 'src/main.ts'));
        write('src/main2.ts', 'export const a = 1;');
      },
    ],
    ['a missing bundle', () => rmSync(join(root, OUTPUTS[0]!))],
  ])('%s: rebuild', (_what, change) => {
    build();
    change();
    expect(buildIsCurrent(root)).toBe(false);
  });

  it('the page, served from src/ and never compiled, does not force a rebuild', () => {
    build();
    write('sandbox/page/app.js', '// edited');
    expect(buildIsCurrent(root)).toBe(true);
  });

  it('a build that started and did not finish is stale', () => {
    build();
    clearStamp(root); // what scripts/build.mjs does before tsc
    expect(buildIsCurrent(root)).toBe(false);
  });
});
