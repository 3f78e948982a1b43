import { randomBytes } from 'node:crypto';
import { PortError } from '../../domain/errors.js';
import type { ProbeRequest, ProbeResult, RulesLab } from '../../ports/security.js';

/**
 * Google's Firestore emulator as a lab for released rules. Each audit loads the rules into a scratch project of
 * its own (`PUT /emulator/v1/projects/{p}:securityRules`), writes one document per collection as the owner
 * (`Authorization: Bearer owner` bypasses the rules), then sends each probe as an anonymous client (no token) or
 * as a stranger (an unsigned ID token for another uid, which the emulator accepts and the rules judge): 200, or
 * 404 for a missing document, means the rules allowed it; 403 that they denied it. The scratch data is deleted.
 */

const BACKEND = 'Firestore emulator';
const PROBE_DOC = 'audit-probe';
const STRANGER = 'audit-stranger';

/** The emulator's rules engine warms up on its first evaluation: 14 s measured on a 2-core machine, then ~1.5 s. */
export function createRulesLab(host: string | undefined, timeoutMs = 30_000): RulesLab {
  if (!host)
    return {
      available: false,
      probe: async () => {
        throw new PortError('unavailable', 'no Firestore emulator is configured', BACKEND);
      },
    };
  const base = `http://${host}`;
  const send = async (method: string, path: string, body?: unknown, token?: string): Promise<Response> => {
    try {
      return await fetch(`${base}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new PortError(
        'unavailable',
        `the Firestore emulator at ${host} did not answer (${codeOf(error)})`,
        BACKEND,
      );
    }
  };
  return {
    available: true,
    async probe(rules, requests) {
      const project = `audit-${randomBytes(6).toString('hex')}`;
      const documents = `/v1/projects/${project}/databases/(default)/documents`;
      const loaded = await send('PUT', `/emulator/v1/projects/${project}:securityRules`, {
        rules: { files: [{ name: 'firestore.rules', content: rules }] },
      });
      if (!loaded.ok)
        throw new PortError('invalid', `the emulator refused the released rules: ${await errorText(loaded)}`, BACKEND);
      try {
        const collections = [...new Set(requests.map((r) => r.collection))];
        await Promise.all(
          collections.map(async (collection) => {
            const seeded = await send('PATCH', `${documents}/${collection}/${PROBE_DOC}`, ownerDoc(), 'owner');
            if (!seeded.ok)
              throw new PortError('unavailable', `seeding ${collection} failed: ${await errorText(seeded)}`, BACKEND);
          }),
        );
        const stranger = unsignedIdToken(project, STRANGER);
        // Reads first, then writes: a write a rule allows changes the document the reads are judged on.
        const attempt = async (r: ProbeRequest): Promise<ProbeResult> => {
          const token = r.who === 'stranger' ? stranger : undefined;
          const doc = r.operation === 'write' && r.who === 'anonymous' ? `${PROBE_DOC}-new` : PROBE_DOC;
          const method = r.operation === 'read' ? 'GET' : 'PATCH';
          const body = r.operation === 'write' ? probeDoc() : undefined;
          const response = await send(method, `${documents}/${r.collection}/${doc}`, body, token);
          const status = response.status;
          await response.arrayBuffer();
          if (status !== 200 && status !== 404 && status !== 403)
            throw new PortError('unavailable', `the emulator answered HTTP ${status} to a probe`, BACKEND);
          const reason =
            status === 403 ? ' PERMISSION_DENIED' : status === 404 ? ' allowed; no such document' : ' allowed';
          return {
            ...r,
            request: `${method} …/documents/${r.collection}/${doc}${token ? ` with an ID token of uid ${STRANGER}` : ' with no token'}`,
            allowed: status !== 403,
            decision: `${status}${reason}`,
          };
        };
        const reads = await Promise.all(requests.filter((r) => r.operation === 'read').map(attempt));
        const writes = await Promise.all(requests.filter((r) => r.operation === 'write').map(attempt));
        return [...reads, ...writes];
      } finally {
        await send('DELETE', `/emulator/v1/projects/${project}/databases/(default)/documents`).catch(() => undefined);
      }
    },
  };
}

const ownerDoc = () => ({ fields: { owner: { stringValue: 'audit-owner' }, probe: { booleanValue: true } } });
const probeDoc = () => ({ fields: { probe: { booleanValue: true } } });

/** An ID token the emulator accepts without a signature (alg none), as the Firebase emulators' own tools make. */
function unsignedIdToken(project: string, uid: string): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    sub: uid,
    user_id: uid,
    aud: project,
    iss: `https://securetoken.google.com/${project}`,
    iat: now,
    exp: now + 3600,
    auth_time: now,
  };
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

async function errorText(response: Response): Promise<string> {
  const text = await response.text().catch(() => '');
  try {
    return (JSON.parse(text) as { error?: { message?: string } }).error?.message?.trim() || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** fetch's TypeError hides the network error in its cause (an AggregateError when several addresses failed). */
function codeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; errors?: { code?: string }[] } }).cause;
  return cause?.code ?? cause?.errors?.[0]?.code ?? (error instanceof Error ? error.name : 'error');
}
