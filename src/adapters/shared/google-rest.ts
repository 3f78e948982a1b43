import { PortError } from '../../domain/errors.js';
import { codeOf, factsOf } from './google-error-facts.js';
import { type GoogleCredentials, loadFetchOf } from '../google-auth.js';
import { DEFAULT_RETRY, type RetryPolicy, withRetries } from './retry.js';
import { vendorClient, type VendorClients } from './vendor-clients.js';

/**
 * JSON over a Google REST API with google-auth-library's authenticated request (its gaxios adds the bearer token):
 * for the Firebase Rules API, and wherever a GAPIC client (google-gax and its protos, tens of MB and 0.1–0.2 s of
 * synchronous loading) would be heavy for a few calls. Loaded on first use, or in the bot's warm-up.
 */

export interface RestSettings {
  /** e.g. "https://firebaserules.googleapis.com" or a stand-in "http://127.0.0.1:8123". */
  baseUrl: string;
  credentials: GoogleCredentials;
  /** In words a user knows, for errors: "Firebase Rules API". */
  backend: string;
  /** The role that lets the bot read what this API serves, named when it is refused. */
  role: string;
  /** Per attempt (default 8 s). */
  timeoutMs?: number;
  /** Default: two attempts. */
  retry?: Partial<RetryPolicy>;
  /** An adapter's own words for a failure (a call may bring its own) and for a timeout; default: the ones below. */
  translate?: Translate;
  timedOut?: () => PortError;
  /** Loads google-auth-library in the bot's warm-up (src/adapters/shared/vendor-clients.ts); unset: on first use. */
  vendorClients?: VendorClients;
}

export type RestMethod = 'GET' | 'POST' | 'DELETE';

interface Requester {
  request<T>(options: { url: string; method: RestMethod; data?: unknown; signal?: AbortSignal }): Promise<{
    data: T;
  }>;
}

type Translate = (error: unknown) => PortError;

/** Where one call differs from the settings: its own words for a failure or a timeout, its own retries. */
export interface CallOptions {
  translate?: Translate;
  timedOut?: () => PortError;
  policy?: RetryPolicy;
}

export interface RestCall {
  <T>(method: RestMethod, path: string, body?: unknown, options?: CallOptions): Promise<T>;
  /** Loads google-auth-library and the credentials now rather than at the first call. */
  warm(): Promise<void>;
}

export function googleRest(settings: RestSettings): RestCall {
  const getClient = vendorClient(
    settings.backend,
    async (): Promise<Requester> => {
      const given = await settings.credentials();
      if (given) return given as unknown as Requester;
      const library = await import('google-auth-library');
      await loadFetchOf(library);
      return new library.GoogleAuth({ scopes: ['https://www.googleapis.com/auth/cloud-platform'] });
    },
    settings.vendorClients,
  );
  const timeoutMs = settings.timeoutMs ?? 8000;
  const call = async <T>(method: RestMethod, path: string, body?: unknown, options: CallOptions = {}): Promise<T> =>
    withRetries(
      async (signal) => {
        const requester = await getClient();
        const url = `${settings.baseUrl}${path}`;
        const response = await requester.request<T>({ url, method, signal, ...(body ? { data: body } : {}) });
        return response.data;
      },
      {
        timeoutMs,
        policy: options.policy ?? { ...DEFAULT_RETRY, attempts: 2, ...settings.retry },
        translate: options.translate ?? settings.translate ?? ((error) => restError(error, settings)),
        timedOut:
          options.timedOut ??
          settings.timedOut ??
          (() =>
            new PortError(
              'timeout',
              `${settings.backend} did not answer within ${timeoutMs / 1000}s`,
              settings.backend,
            )),
      },
    );
  return Object.assign(call, { warm: async () => void (await getClient()) });
}

function restError(error: unknown, settings: RestSettings): PortError {
  const facts = factsOf(error);
  const code = codeOf(facts);
  const { backend } = settings;
  switch (code) {
    case 'permission_denied':
      return new PortError(code, `${backend} refused the bot: missing role ${settings.role}`, backend);
    case 'unauthenticated':
      return new PortError(code, `${backend} rejected the bot's Google credentials: ${facts.message}`, backend);
    case 'not_found':
      return new PortError(code, `${backend}: not found (${facts.message})`, backend);
    case 'invalid':
    case 'conflict':
      return new PortError(code, `${backend} refused the request: ${facts.message}`, backend);
    default:
      return new PortError(
        code === 'rate_limited' || code === 'timeout' ? code : 'unavailable',
        `${backend} is unavailable${facts.http ? ` (HTTP ${facts.http})` : facts.networkCode ? ` (${facts.networkCode})` : ''}; try again in a minute`,
        backend,
        facts.retryAfter,
      );
  }
}

/**
 * Every item of a list method, page after page while the answer names a `nextPageToken`; at most `maxPages`, so a
 * server that hands out tokens forever cannot hold a call forever.
 */
export async function allPages<Page extends { nextPageToken?: string }, Item>(
  fetchPage: (pageToken: string | undefined) => Promise<Page>,
  itemsOf: (page: Page) => Item[] | undefined,
  maxPages = 100,
): Promise<Item[]> {
  const items: Item[] = [];
  let pageToken: string | undefined;
  for (let pages = 0; pages < maxPages && (pages === 0 || pageToken); pages += 1) {
    const page = await fetchPage(pageToken);
    items.push(...(itemsOf(page) ?? []));
    pageToken = page.nextPageToken || undefined;
  }
  return items;
}

/** A query string as Google's REST APIs read it: repeated names for a list, spaces as %20. */
export function queryOf(params: Record<string, string | number | string[] | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    for (const one of Array.isArray(value) ? value : value === undefined ? [] : [value])
      query.append(name, String(one));
  return query.toString().replaceAll('+', '%20');
}
