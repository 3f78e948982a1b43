import { createHash } from 'node:crypto';

/**
 * What the audit keeps of an environment variable's literal value: a short fingerprint and whether it looks like
 * a secret. The value itself goes no further than the function that reads it.
 */

export interface LiteralFacts {
  /** "sha256:1a2b3c4d": tells two values apart, reveals neither. */
  fingerprint: string;
  /** Why it looks like a secret; undefined when it does not. */
  secretLike?: 'name' | 'entropy';
}

const SECRET_NAME = /(_KEY$|_SECRET$|TOKEN|PASSWORD|PASSWD|^SECRET_|_PWD$|API_?KEY|PRIVATE_KEY|CREDENTIALS?$)/i;

export function literalFacts(name: string, value: string): LiteralFacts {
  const fingerprint = `sha256:${createHash('sha256').update(value).digest('hex').slice(0, 8)}`;
  if (value.length > 0 && SECRET_NAME.test(name)) return { fingerprint, secretLike: 'name' };
  if (looksRandom(value)) return { fingerprint, secretLike: 'entropy' };
  return { fingerprint };
}

/** At least 20 characters of one token with more than 4 bits of Shannon entropy a character: a key, not a word or URL. */
function looksRandom(value: string): boolean {
  if (value.length < 20 || /\s/.test(value) || /^[a-z]+:\/\//i.test(value)) return false;
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits > 4 && /\d/.test(value) && /[A-Za-z]/.test(value);
}

/** A line of a rules file shown in a diff, with anything that looks like a key replaced by its fingerprint. */
export function redactSecrets(line: string): string {
  return line.replace(/[A-Za-z0-9_\-+/=.:]{20,}/g, (token) =>
    looksRandom(token) ? `[redacted ${literalFacts('', token).fingerprint}]` : token,
  );
}
