import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Google's side of OIDC, locally: a key pair, the public-keys endpoint google-auth-library fetches
 * (GOOGLE_OIDC_CERTS_URL), and ID tokens signed as Cloud Scheduler's would be.
 */
export class OidcIssuer {
  readonly kid = 'test-key-1';
  private readonly keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    const body = JSON.stringify({ [this.kid]: this.keys.publicKey.export({ type: 'spki', format: 'pem' }) });
    this.server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=3600' }).end(body),
    );
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/oauth2/v1/certs`;
    return this;
  }

  async close(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** An ID token; `key` signs it with another key, `expiresIn` in seconds (negative: expired). */
  token(
    claims: { aud: string; email: string; emailVerified?: boolean; expiresIn?: number },
    key: KeyObject = this.keys.privateKey,
  ): string {
    const now = Math.floor(Date.now() / 1000);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const header = encode({ alg: 'RS256', kid: this.kid, typ: 'JWT' });
    const expiresIn = claims.expiresIn ?? 3600;
    const payload = encode({
      iss: 'https://accounts.google.com',
      aud: claims.aud,
      email: claims.email,
      email_verified: claims.emailVerified ?? true,
      sub: '1234567890',
      iat: now - 10 - Math.max(0, -expiresIn),
      exp: now + expiresIn,
    });
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key).toString('base64url');
    return `${header}.${payload}.${signature}`;
  }

  static otherKey(): KeyObject {
    return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  }
}
