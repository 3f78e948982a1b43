import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The HMAC (hex) of a request signed with `signingSecret`, or undefined when the signature does not match.
 * Checked as Bolt's verifier checks it (the timestamp header read as a number, the body as UTF-8 text), so
 * both agree on which requests are signed; header spellings Bolt reads as the same request ("v0=<hmac>=x",
 * "01700000000") give the same HMAC here, which is what makes it a key for "the same request".
 */
export function signedHmac(
  signingSecret: string,
  timestampHeader: string | undefined,
  signatureHeader: string | undefined,
  body: Buffer,
): string | undefined {
  if (timestampHeader === undefined || signatureHeader === undefined) return undefined;
  const timestamp = Number(timestampHeader);
  const [version, given] = signatureHeader.split('=');
  if (Number.isNaN(timestamp) || version !== 'v0' || !given) return undefined;
  const expected = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body.toString()}`).digest('hex');
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b) ? expected : undefined;
}
