import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.js';

/** Debian's Chromium, with the flags this machine's closed network needs. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

/** Inside a describe: false (with a failing test in CI, a visible skip elsewhere) when Chromium is missing. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const reason = `${CHROMIUM} not found (apt-get install -y chromium)`;
  if (process.env.CI) it('has Chromium', () => expect.fail(reason));
  else it.skip(`SKIPPED: ${reason}`, () => undefined);
  return false;
}

export interface SandboxBrowser {
  h: Harness;
  browser: BrowserContext;
  close(): Promise<void>;
}

/** The sandbox as `npm start` runs it, and a fresh headless Chromium profile to look at its page. */
export async function openSandboxBrowser(): Promise<SandboxBrowser> {
  const h = await startHarness();
  const profile = mkdtempSync(join(tmpdir(), 'chatops-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
  });
  return {
    h,
    browser,
    close: async () => {
      await browser.close();
      await h.stop();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
