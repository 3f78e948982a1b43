/**
 * `npm run build` step 2: bundles the compiled entries into one file (and lazy chunks) each. One file instead of
 * ~600 modules takes about a third off the cold start (README, Performance).
 * - dist/src/main.js → dist/bundle/: the product, what the Dockerfile ships and runs. The build fails when a module
 *   of sandbox/ finds its way in, or a character outside ASCII (see the checks at the end).
 * - dist/sandbox/main.js → dist/sandbox-bundle/: the sandbox's entry (`npm start`), the stand-ins and the same bot.
 * Kept external, and loaded from node_modules on first use as before: the Google Cloud, Firebase and GitHub
 * clients (they read their own data files at run time), resvg (a native addon), the font, PapaParse, and
 * pino (its transports run in worker threads by file name). Lazy imports stay lazy: they become chunks.
 */
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const common = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  metafile: true,
  // No comments and no indentation: esbuild keeps the SDKs' JSDoc, whose non-ASCII characters (— in @slack/web-api)
  // made V8 hold the whole 4.7 MB bundle as a two-byte string (9 MB of heap). Names stay as written (stack traces).
  minifyWhitespace: true,
  legalComments: 'external',
  external: [
    '@google-cloud/*',
    'firebase-admin',
    'firebase-admin/*',
    'google-auth-library',
    '@octokit/*',
    '@resvg/*',
    'dejavu-fonts-ttf',
    'papaparse',
    'pino',
    'pino-pretty',
  ],
  // Bundled CommonJS (Bolt, the Slack SDK) calls require() for Node's built-ins; ESM has no require of its own.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
};

async function bundle(entry, outdir) {
  rmSync(outdir, { recursive: true, force: true }); // no chunk of an older build left behind
  return build({ ...common, entryPoints: [entry], outdir });
}

const [product] = await Promise.all([
  bundle('dist/src/main.js', 'dist/bundle'),
  bundle('dist/sandbox/main.js', 'dist/sandbox-bundle'),
]);
const leaked = Object.keys(product.metafile.inputs).filter((input) => input.startsWith('dist/sandbox/'));
if (leaked.length > 0) {
  process.stderr.write(
    `dist/bundle/ (the product) must not contain the sandbox, but holds:\n  ${leaked.join('\n  ')}\n`,
  );
  process.exit(1);
}
const shipped = readFileSync('dist/bundle/main.js', 'utf8');
const at = shipped.search(/[^\x00-\x7f]/);
if (at >= 0) {
  process.stderr.write(
    `dist/bundle/main.js must be ASCII (V8 holds a script with any other character as a two-byte string, twice the memory), but has:\n  …${shipped.slice(Math.max(0, at - 60), at + 20)}…\nWrite the character as an escape: in a string, or as \\u in a regex literal.\n`,
  );
  process.exit(1);
}
