/**
 * `npm run build` step 2: bundles the compiled entries into one file (and lazy chunks) each. One file instead of
 * ~600 modules takes about a third off the cold start (README, Performance).
 * - dist/src/main.js → dist/bundle/: the product, what the Dockerfile ships and runs. It holds no sandbox code:
 *   the build fails when a module of sandbox/ finds its way in.
 * - dist/sandbox/main.js → dist/sandbox-bundle/: the sandbox's entry (`npm start`), the stand-ins and the same bot.
 * Kept external, and loaded from node_modules on first use as before: the Google Cloud, Firebase and GitHub
 * clients (they read their own data files at run time), resvg (a native addon), the font, PapaParse, and
 * pino (its transports run in worker threads by file name). Lazy imports stay lazy: they become chunks.
 */
import { rmSync } from 'node:fs';
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
