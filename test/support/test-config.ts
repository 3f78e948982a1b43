import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * chatops.example.yml as tests run it: the weekly digest's in-process trigger off. The digest is due every Monday
 * from 09:00 to 21:00 Berlin time (a late bot catches up), so with it on, every bot a test starts in that window
 * posts a digest and audits it, and tests that count messages or audit entries failed on Mondays only.
 * Tests of the digest ask for it (`startHarness({ costDigest: true })`) and drive it with `ticker.runOnce(now)`.
 */
export function exampleYamlForTests(): string {
  const yaml = readFileSync('chatops.example.yml', 'utf8');
  const quiet = yaml.replace(/^(\s+inProcess:) true\b/gm, '$1 false');
  if (quiet === yaml)
    throw new Error('chatops.example.yml: cost.digest.inProcess: true not found; update test/support/test-config.ts');
  return quiet;
}

let written: string | undefined;
/** A file holding `exampleYamlForTests()`, written once per test process. */
export function exampleConfigForTests(): string {
  if (!written) {
    written = join(mkdtempSync(join(tmpdir(), 'chatops-example-')), 'chatops.yml');
    writeFileSync(written, exampleYamlForTests());
  }
  return written;
}
