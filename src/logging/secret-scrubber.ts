import type { DestinationStream } from 'pino';

/**
 * Last line of defence behind pino's path redaction: a secret can hide inside an error message or a
 * vendor object (an HTTP client's request config), where no path reaches it. Each line is checked for
 * every configured secret value before it is written.
 */
export class SecretScrubber implements DestinationStream {
  private readonly secrets: string[];

  constructor(
    secrets: string[],
    private readonly sink: DestinationStream,
  ) {
    // Longest first, so a secret that contains another is replaced whole.
    this.secrets = [...new Set(secrets.filter((s) => s.length >= 6))].sort((a, b) => b.length - a.length);
  }

  write(line: string): void {
    let clean = line;
    for (const secret of this.secrets) {
      if (clean.includes(secret)) clean = clean.split(secret).join('[REDACTED]');
    }
    this.sink.write(clean);
  }
}
