/**
 * The bench and the hardening tests start the bot as the Dockerfile does: the same node flags and the same runtime
 * environment (bench/processes.ts). A change to one without the other would measure something that is not shipped.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DOCKERFILE_ENV, DOCKERFILE_NODE_ARGS, ROOT } from '../../bench/processes.js';

const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

describe('the Dockerfile and the bench run node alike', () => {
  it('CMD has the flags the bench starts the bot with', () => {
    const cmd = /^CMD (\[.*\])$/m.exec(dockerfile)?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...DOCKERFILE_NODE_ARGS, 'dist/bundle/main.js']);
  });

  it('the runtime ENV has the variables the bench sets', () => {
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    for (const [name, value] of Object.entries(DOCKERFILE_ENV))
      expect(runtime).toMatch(new RegExp(`^ENV .*\\b${name}=${value}\\b`, 'm'));
  });
});
