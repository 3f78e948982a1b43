import type { OAuth2Client, TokenPayload } from 'google-auth-library';

/** Who a verified Google ID token says is calling. */
export interface IdTokenCaller {
  email?: string;
  emailVerified: boolean;
  audience: string;
}

/** The check a refused token failed; `keys` is ours (Google's public keys could not be fetched), not the token's. */
export type IdTokenCheck = 'malformed' | 'signature' | 'issuer' | 'expiry' | 'audience' | 'keys';

/**
 * A refused ID token. The message names the check only: google-auth-library's own messages quote the token
 * or its claims, which must reach neither the caller nor the log.
 */
export class IdTokenRefused extends Error {
  constructor(readonly check: IdTokenCheck) {
    super(`ID token refused: ${check} check failed`);
    this.name = 'IdTokenRefused';
  }
}

/** google-auth-library's messages (oauth2client.js verifySignedJwtWithCertsAsync), by the check that failed. */
const CHECKS: [RegExp, IdTokenCheck][] = [
  [/^(Wrong number of segments|Can't parse token|No issue time|No expiration time|iat field|exp field)/, 'malformed'],
  [/^(Invalid token signature|No pem found)/, 'signature'],
  [/^(Expiration time too far|Token used too early|Token used too late)/, 'expiry'],
  [/^Invalid issuer/, 'issuer'],
  [/^Wrong recipient/, 'audience'],
];

/**
 * Verifies Google-signed OIDC ID tokens (Cloud Scheduler's and Pub/Sub push's) with google-auth-library:
 * signature against Google's public keys (cached by the library), issuer, expiry and audience. The keys
 * come from `certsUrl` when set (a local stand-in in tests). Loaded on first use. A refusal throws
 * `IdTokenRefused`, naming the check.
 */
export function createIdTokenVerifier(
  certsUrl?: string,
): (token: string, audiences: string[]) => Promise<IdTokenCaller> {
  let client: Promise<OAuth2Client> | undefined;
  return async (token, audiences) => {
    client ??= import('google-auth-library').then(
      ({ OAuth2Client }) =>
        new OAuth2Client(certsUrl ? { endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } } : {}),
    );
    const verifier = await client;
    const certs = await verifier.getFederatedSignonCertsAsync().catch(() => {
      throw new IdTokenRefused('keys');
    });
    let payload: TokenPayload | undefined;
    try {
      payload = (
        await verifier.verifySignedJwtWithCertsAsync(token, certs.certs, audiences, verifier.issuers)
      ).getPayload();
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      throw new IdTokenRefused(CHECKS.find(([pattern]) => pattern.test(message))?.[1] ?? 'malformed');
    }
    const aud = payload?.aud;
    return {
      email: payload?.email,
      emailVerified: payload?.email_verified === true,
      audience: Array.isArray(aud) ? (aud[0] ?? '') : (aud ?? ''),
    };
  };
}
