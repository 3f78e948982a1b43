import type { DestinationStream } from 'pino';
import { scrubUrls } from './safe-url.js';

/**
 * Last line of defence behind pino's path redaction: a secret can hide inside an error message or a
 * vendor object (an HTTP client's request config), where no path reaches it. Each line is checked for
 * every configured secret value, in every form it takes on the wire (URL-encoded in a logged path,
 * base64 in a Basic authorization), before it is written; then URLs lose their user-info and query values.
 */
export class SecretScrubber implements DestinationStream {
  private readonly pattern: RegExp | undefined;

  constructor(
    secrets: string[],
    private readonly sink: DestinationStream,
  ) {
    this.pattern = secretPattern(secrets);
  }

  write(line: string): void {
    const clean = this.pattern ? line.replace(this.pattern, '[REDACTED]') : line;
    this.sink.write(scrubUrls(clean));
  }
}

/** One pattern for every form of every secret (at least 6 characters), longest first so a secret that contains another is replaced whole. */
export function secretPattern(secrets: string[]): RegExp | undefined {
  const forms = [...new Set(secrets.filter((s) => s.length >= 6))].flatMap((secret) => [
    percentEncodedForm(secret),
    escapeRegExp(JSON.stringify(secret).slice(1, -1)),
    ...base64Forms(secret).map(escape),
  ]);
  if (forms.length === 0) return undefined;
  return new RegExp([...new Set(forms)].sort((a, b) => b.length - a.length).join('|'), 'g');
}

/** The secret as is, or with any character percent-encoded (either case of hex), a space also as `+`. */
function percentEncodedForm(secret: string): string {
  return [...secret]
    .map((char) => {
      const bytes = [...Buffer.from(char, 'utf8')].map((byte) =>
        [...byte.toString(16).toUpperCase().padStart(2, '0')]
          .map((digit) => (/[A-F]/.test(digit) ? `[${digit}${digit.toLowerCase()}]` : digit))
          .join(''),
      );
      const encoded = `%${bytes.join('%')}`;
      return `(?:${escapeRegExp(char)}|${encoded}${char === ' ' ? '|\\+' : ''})`;
    })
    .join('');
}

/**
 * Base64 (standard and url-safe) of the secret at each of the three byte alignments: only the characters made
 * of the secret's bits alone, so the secret is found inside a longer encoded string too (`user:secret`).
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [0, 1, 2].flatMap((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    const fragment = encoded.slice(Math.ceil((offset * 8) / 6), Math.floor(((offset + bytes.length) * 8) / 6));
    return [fragment, fragment.replace(/\+/g, '-').replace(/\//g, '_')];
  });
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
