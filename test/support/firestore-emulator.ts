/**
 * Starts Google's Firestore emulator (the binary from the Cloud SDK, not `gcloud`, which may try the
 * network) on 127.0.0.1 on a free port, for the duration of a test file.
 *
 * When the emulator is missing: in CI (`CI` set) `startFirestoreEmulator` throws, so the suite fails;
 * elsewhere callers use `firestoreEmulatorSkipReason()` to skip with a visible reason.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

export const FIRESTORE_EMULATOR_BINARY =
  process.env.FIRESTORE_EMULATOR_BINARY ??
  '/usr/lib/google-cloud-sdk/platform/cloud-firestore-emulator/cloud_firestore_emulator';

const START_TIMEOUT_MS = 45_000;

export interface FirestoreEmulator {
  /** `127.0.0.1:PORT`, for `openFirestoreStore({ emulatorHost })`. */
  host: string;
  projectId: string;
  /** Milliseconds from spawn until the emulator answered. */
  startupMs: number;
  /** Deletes every document of the project. */
  clear(): Promise<void>;
  /** Stops the emulator (its whole process group: the wrapper script and the JVM). */
  stop(): Promise<void>;
}

/** Why the emulator cannot run here, or undefined when it can. */
export function firestoreEmulatorMissing(): string | undefined {
  if (!existsSync(FIRESTORE_EMULATOR_BINARY)) return `Firestore emulator not found at ${FIRESTORE_EMULATOR_BINARY}`;
  const java = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (java.error !== undefined || java.status !== 0) return 'Java (needed by the Firestore emulator) is not installed';
  return undefined;
}

/**
 * Outside CI: the reason to skip the Firestore tests, or undefined to run them.
 * In CI: always undefined, so that `startFirestoreEmulator` runs and fails loudly.
 */
export function firestoreEmulatorSkipReason(): string | undefined {
  if (process.env.CI) return undefined;
  return firestoreEmulatorMissing();
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startFirestoreEmulator(projectId = 'demo-chatops'): Promise<FirestoreEmulator> {
  const missing = firestoreEmulatorMissing();
  if (missing !== undefined) {
    const hint = process.env.CI
      ? 'CI is set, so the Firestore store tests fail instead of skipping. Install the Cloud SDK component "cloud-firestore-emulator" and Java 17+.'
      : 'Install the Cloud SDK component "cloud-firestore-emulator" and Java 17+.';
    throw new Error(`${missing}. ${hint}`);
  }

  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  const started = Date.now();
  const child = spawn(
    FIRESTORE_EMULATOR_BINARY,
    ['--host', '127.0.0.1', '--port', String(port), '--project_id', projectId],
    { detached: true, stdio: ['ignore', 'pipe', 'pipe'] }, // detached: own process group, killed as one
  );
  let log = '';
  const collect = (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-8_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: string | undefined;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exited with ${signal ?? code}`;
      resolve();
    });
    child.once('error', (error) => {
      exited = `failed to start (${error.message})`;
      resolve();
    });
  });
  // If the test process dies without calling stop(), do not leave a JVM behind.
  const onExit = () => killGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    killGroup(child, 'SIGTERM');
    // Wait until the whole group (wrapper script and JVM) is gone; SIGKILL it after 5 s.
    const deadline = Date.now() + 5_000;
    while (groupAlive(child) && Date.now() < deadline) await sleep(50);
    if (groupAlive(child)) killGroup(child, 'SIGKILL');
    if (exited === undefined) await exitPromise;
  };

  const base = `http://${host}`;
  for (;;) {
    if (exited !== undefined) {
      process.removeListener('exit', onExit);
      throw new Error(`Firestore emulator ${exited} before answering. Output:\n${log}`);
    }
    if (Date.now() - started > START_TIMEOUT_MS) {
      await stop();
      throw new Error(`Firestore emulator did not answer on ${host} within ${START_TIMEOUT_MS} ms. Output:\n${log}`);
    }
    try {
      const response = await fetch(`${base}/`, { signal: AbortSignal.timeout(1_000) });
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  const startupMs = Date.now() - started;

  const clear = async () => {
    const url = `${base}/emulator/v1/projects/${projectId}/databases/(default)/documents`;
    const response = await fetch(url, { method: 'DELETE' });
    if (!response.ok) throw new Error(`Clearing the Firestore emulator failed: HTTP ${response.status}`);
  };

  return { host, projectId, startupMs, clear, stop };
}
