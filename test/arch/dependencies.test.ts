import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The one-way flow of the README's Design section, checked on every import: commands → workflows → ports ← adapters,
 * blocks/ pure, vendor SDKs only in adapters, process.env only in the config module; and the sandbox beside
 * the product: the product never imports it, and it uses the product only through the entry points below.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const VENDOR = /^(@octokit\/|@google-cloud\/|firebase-admin|google-auth-library|google-gax|@slack\/(?!types))/;
const NODE_IO = /^node:(fs|http|https|net|child_process|dgram|dns|sqlite)/;

interface SourceFile {
  path: string; // relative to ROOT, with forward slashes
  imports: string[]; // resolved to ROOT-relative paths for local files, bare names otherwise
  text: string;
}

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );
}

function load(path: string): SourceFile {
  const text = readFileSync(join(ROOT, path), 'utf8');
  const specifiers = [
    ...text.matchAll(
      /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm,
    ),
  ].map((m) => m[1] ?? m[2] ?? m[3] ?? '');
  const imports = specifiers.map((s) =>
    s.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(path), s)).replace(/\.js$/, '.ts') : s,
  );
  return { path, imports, text };
}

const files = ['src', 'commands', 'blocks', 'sandbox'].flatMap(walk).map(load);
const inside = (file: SourceFile, ...prefixes: string[]) => prefixes.some((p) => file.path.startsWith(p));

/** Slack wording in code, comments aside: a mention or an emoji shortcode. Workflows return facts; blocks/ words them. */
const SLACK_WORDING = /<@|:[a-z0-9_+-]+:/;
const writesSlackWording = (f: SourceFile) => SLACK_WORDING.test(f.text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, ''));

/**
 * What of the product the sandbox may import: how the product starts a bot and reads its settings and config,
 * the command catalogue (the page's composer lists it), the domain's pure types and calendar functions (the demo
 * data and the BigQuery stand-in count days as the bot does), and where the package lies (the page's files).
 * Nothing of workflows, adapters, the app or the stores: the sandbox talks to the bot over the wire only.
 */
const PRODUCT_ENTRY_POINTS = [
  'src/cli.ts',
  'src/run-bot.ts',
  'src/config/env.ts',
  'src/config/load-config.ts',
  'src/config/schema.ts',
  'commands/catalog.ts',
  'src/domain/',
  'src/package-root.ts',
];

function violations(filter: (f: SourceFile) => boolean, forbidden: (spec: string) => boolean): string[] {
  return files.filter(filter).flatMap((f) => f.imports.filter(forbidden).map((spec) => `${f.path} imports ${spec}`));
}

describe('architecture', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  it('workflows, domain and ports import no vendor SDK and nothing outward', () => {
    const core = (f: SourceFile) => inside(f, 'src/workflows/', 'src/domain/', 'src/ports/');
    expect(
      violations(core, (s) => VENDOR.test(s) || /^(src\/(adapters|app)|sandbox|commands|blocks)\//.test(s)),
    ).toEqual([]);
  });

  it('vendor SDKs are imported only by adapters (Bolt also by the Slack surface: commands/, src/app/, the Bolt logger bridge)', () => {
    const slackSurface = (f: SourceFile) =>
      inside(f, 'src/adapters/', 'commands/', 'src/app/', 'src/logging/bolt-logger.ts');
    expect(
      violations(
        (f) => !slackSurface(f),
        (s) => VENDOR.test(s),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => inside(f, 'commands/', 'src/app/', 'src/logging/'),
        (s) => VENDOR.test(s) && !s.startsWith('@slack/'),
      ),
    ).toEqual([]);
  });

  it('blocks/ are pure renderers: no I/O, no adapters or workflows, only @slack/types', () => {
    expect(
      violations(
        (f) => inside(f, 'blocks/'),
        (s) =>
          NODE_IO.test(s) || VENDOR.test(s) || /^(src\/(adapters|workflows|app|config)|sandbox|commands)\//.test(s),
      ),
    ).toEqual([]);
  });

  it('only commands/ and the Slack adapter import blocks/', () => {
    expect(
      violations(
        (f) => !inside(f, 'commands/', 'blocks/', 'src/adapters/slack/'),
        (s) => s.startsWith('blocks/'),
      ),
    ).toEqual([]);
  });

  it('adapters do not reach into commands, workflows or blocks (the Slack adapter renders with blocks/)', () => {
    expect(
      violations(
        (f) => inside(f, 'src/adapters/'),
        (s) => /^(commands|src\/workflows|src\/app)\//.test(s),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => inside(f, 'src/adapters/') && !inside(f, 'src/adapters/slack/'),
        (s) => s.startsWith('blocks/'),
      ),
    ).toEqual([]);
  });

  it('commands go through workflows and ports, never straight to an adapter', () => {
    expect(
      violations(
        (f) => inside(f, 'commands/'),
        (s) => s.startsWith('src/adapters/'),
      ),
    ).toEqual([]);
  });

  it('the product (src/, commands/, blocks/) imports nothing of the sandbox', () => {
    expect(
      violations(
        (f) => inside(f, 'src/', 'commands/', 'blocks/'),
        (s) => s.startsWith('sandbox/'),
      ),
    ).toEqual([]);
  });

  it('the sandbox imports the product only through its entry points', () => {
    expect(files.filter((f) => inside(f, 'sandbox/')).length).toBeGreaterThan(20);
    expect(
      violations(
        (f) => inside(f, 'sandbox/'),
        (s) => /^(src|commands|blocks)\//.test(s) && !PRODUCT_ENTRY_POINTS.some((entry) => s.startsWith(entry)),
      ),
    ).toEqual([]);
  });

  it('only the config module reads process.env', () => {
    const readers = files
      .filter((f) => /process\.env\b/.test(f.text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '')))
      .map((f) => f.path);
    expect(readers.filter((p) => !p.startsWith('src/config/'))).toEqual([]);
  });

  it('each feature registers its jobs and HTTP routes in its register; the scheduler stays generic', () => {
    const code = (f: SourceFile) => f.text.replace(/\/\/.*$|\/\*[\s\S]*?\*\//gm, '');
    const featureRegister = (f: SourceFile) => /^commands\/[a-z-]+\/index\.ts$/.test(f.path);
    const compositionRoot = (f: SourceFile) => f.path === 'src/bot.ts';
    // domain/ is the vocabulary the ports speak; it depends on none of them
    expect(
      violations(
        (f) => inside(f, 'src/domain/'),
        (s) => s.startsWith('src/ports/'),
      ),
    ).toEqual([]);
    // workflows describe their jobs (src/workflows/jobs.ts); the scheduler implements them, never the reverse
    expect(
      violations(
        (f) => inside(f, 'src/workflows/'),
        (s) => s.startsWith('src/scheduler/'),
      ),
    ).toEqual([]);
    expect(
      violations(
        (f) => inside(f, 'src/scheduler/'),
        (s) => /^(commands|src\/app|src\/adapters)\//.test(s),
      ),
    ).toEqual([]);
    // jobs: only the composition root holds the ticker; features register on the JobRegistry in their register
    expect(
      violations(
        (f) => !compositionRoot(f) && !inside(f, 'src/scheduler/'),
        (s) => s === 'src/scheduler/ticker.ts',
      ),
    ).toEqual([]);
    const registersJobs = files.filter((f) => /\b(jobs|ticker)\.(every|cron|register)\(/.test(code(f)));
    expect(registersJobs.filter((f) => !featureRegister(f) && !compositionRoot(f)).map((f) => f.path)).toEqual([]);
    const context = files.find((f) => f.path === 'src/workflows/context.ts');
    expect(context && code(context)).not.toMatch(/\bschedule\s*[(:?]/); // no side door onto the ticker
    // HTTP routes: handlers are written in src/app/, registered on the RouteRegistry by a feature or the root
    // (the sandbox's stand-ins are HTTP servers of their own, beside the product)
    const product = (f: SourceFile) => !inside(f, 'sandbox/');
    expect(
      files.filter((f) => product(f) && !inside(f, 'src/app/') && /\bServerResponse\b/.test(f.text)).map((f) => f.path),
    ).toEqual([]);
    const registersRoutes = files.filter((f) => /\broutes\.(job|post)\(/.test(code(f)));
    expect(registersRoutes.filter((f) => !featureRegister(f) && !compositionRoot(f)).map((f) => f.path)).toEqual([]);
    expect(registersRoutes.map((f) => f.path)).toContain('commands/cost/index.ts');
    // the GitHub webhook wakes deploys through the event bus, not by calling into a workflow
    expect(
      violations(
        (f) => inside(f, 'src/app/'),
        (s) => s === 'src/workflows/deploy/run-wakeups.ts',
      ),
    ).toEqual([]);
  });

  it('workflows write no Slack wording: no mention, no emoji shortcode (blocks/ words their results)', () => {
    const workflows = files.filter((f) => inside(f, 'src/workflows/'));
    expect(workflows.length).toBeGreaterThan(60);
    expect(workflows.filter(writesSlackWording).map((f) => f.path)).toEqual([]);
  });
});
