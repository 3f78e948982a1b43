/**
 * The build: tsc (tsconfig.json → dist/), then the bundles (scripts/bundle.mjs → dist/bundle/, dist/sandbox-bundle/), then a stamp of
 * the inputs it was built from (scripts/build-stamp.mjs). `npm run build` always builds. With `--if-stale`, as
 * `npm start`, `npm test` and `npm run bench` run it, it builds only when a source changed since the last build
 * that succeeded, and says so in one line first; otherwise it prints nothing and takes a few milliseconds.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { buildIsCurrent, clearStamp, inputsHash, writeStamp } from './build-stamp.mjs';

const root = process.cwd(); // npm runs every script from the package root
const hash = inputsHash(root);
if (process.argv.includes('--if-stale') && buildIsCurrent(root, hash)) process.exit(0);

process.stderr.write('Building dist/ (TypeScript, then the bundles; 10–20 s, and only when a source has changed)…\n');
clearStamp(root);
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
await import('./bundle.mjs');
writeStamp(root, hash);
