import type { OAuth2Client } from 'google-auth-library';

/** Who a verified Google ID token says is calling. */
export interface IdTokenCaller {
  email?: string;
  emailVerified: boolean;
  audience: string;
}

/**
 * Verifies Google-signed OIDC ID tokens (Cloud Scheduler's and Pub/Sub push's) with google-auth-library:
 * signature against Google's public keys (cached by the library), issuer, expiry and audience. The keys
 * come from `certsUrl` when set (a local stand-in in tests). Loaded on first use.
 */
export function createIdTokenVerifier(certsUrl?: string): (token: string, audiences: string[]) => Promise<IdTokenCaller> {
  let client: Promise<OAuth2Client> | undefined;
  return async (token, audiences) => {
    client ??= import('google-auth-library').then(({ OAuth2Client }) => new OAuth2Client(certsUrl ? { endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl } } : {}));
    const ticket = await (await client).verifyIdToken({ idToken: token, audience: audiences });
    const payload = ticket.getPayload();
    const aud = payload?.aud;
    return { email: payload?.email, emailVerified: payload?.email_verified === true, audience: Array.isArray(aud) ? (aud[0] ?? '') : (aud ?? '') };
  };
}
