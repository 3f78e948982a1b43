import type { IncomingMessage } from 'node:http';

/** Reads a request body up to `maxBytes`; undefined when it is larger (answer 413). */
export async function readLimitedBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The client went away before its request was complete (a hang-up mid-body): nothing to answer, nothing broken. */
export function clientHungUp(req: IncomingMessage, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return (
    code === 'ECONNRESET' ||
    code === 'ECONNABORTED' ||
    (error instanceof Error && error.message === 'aborted') ||
    (req.destroyed && !req.complete)
  );
}
