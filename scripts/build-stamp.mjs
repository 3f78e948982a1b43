/**
 * Whether dist/ was built from the sources there are now: a SHA-256 over the build's inputs (path and content
 * of every file), written to dist/.build-stamp after a build that succeeded. A content hash, not mtimes, so a
 * `git checkout` that touches files without changing them does not force a rebuild, and one that changes a file
 * always does.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/** What the build reads: tsc compiles the folders, scripts/bundle.mjs bundles, the three files steer both. */
export const INPUT_DIRS = ['src', 'commands', 'blocks', 'sandbox', 'bench', 'scripts'];
export const INPUT_FILES = ['tsconfig.json', 'package.json', 'package-lock.json'];
/** Served as they are from sandbox/ (never compiled), so editing them needs no rebuild. */
const NOT_BUILT = [join('sandbox', 'page')];
/**
 * What `npm start` (the sandbox's entry, which starts the product's bot when Slack tokens are set), the tests
 * (the product's entry too, as the Dockerfile runs it) and the bench run; a build that lacks one is no build.
 */
export const OUTPUTS = [
  join('dist', 'sandbox-bundle', 'main.js'),
  join('dist', 'bundle', 'main.js'),
  join('dist', 'bench', 'run.js'),
];
const STAMP = join('dist', '.build-stamp');

function files(root, dir) {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return NOT_BUILT.includes(path) || entry.name === 'node_modules' ? [] : files(root, path);
    return entry.isFile() ? [path] : [];
  });
}

/** The hash of every input under `root`, in a fixed order. */
export function inputsHash(root) {
  const paths = [
    ...INPUT_DIRS.flatMap((dir) => files(root, dir)),
    ...INPUT_FILES.filter((f) => existsSync(join(root, f))),
  ].sort();
  const hash = createHash('sha256');
  for (const path of paths) {
    const content = readFileSync(join(root, path));
    hash.update(`${path.split(sep).join('/')}\0${content.length}\0`).update(content);
  }
  return hash.digest('hex');
}

/** True when the last successful build was of exactly these inputs and its outputs are still there. */
export function buildIsCurrent(root, hash = inputsHash(root)) {
  const stamp = join(root, STAMP);
  if (!existsSync(stamp) || !OUTPUTS.every((f) => existsSync(join(root, f)))) return false;
  return readFileSync(stamp, 'utf8').trim() === hash;
}

/** Before building: a build that fails halfway must not look current. */
export function clearStamp(root) {
  rmSync(join(root, STAMP), { force: true });
}

export function writeStamp(root, hash) {
  writeFileSync(join(root, STAMP), `${hash}\n`);
}
