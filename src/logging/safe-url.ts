/**
 * URLs and paths as the logs may show them: no user name or password, and no query-string value (a push
 * subscription's `?token=`, an API key), with the parameter names kept so a line still says what was sent.
 */

const REDACTED = '[redacted]';

/** Where a URL's user-info sits: `scheme://user:pass@`; it never contains `/`, `@` or a space. */
const USER_INFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>\\]+@/gi;
/** A URL or a path, then its query: `…/path?a=1&b=2`, up to a fragment, a quote, a backslash (JSON) or a space. */
const WITH_QUERY = /((?:\b[a-z][a-z0-9+.-]*:\/\/|\/)[^\s?#"'<>\\]*\?)([^\s#"'<>\\]*)/gi;

/** One URL or request path (e.g. `req.url`), ready to log. */
export function safeUrl(url: string | undefined): string {
  return url ? scrubUrls(url) : '';
}

/** Every URL and path inside a piece of text (a whole log line), rewritten as `safeUrl` would. */
export function scrubUrls(text: string): string {
  if (!text.includes('?') && !text.includes('@')) return text;
  return text
    .replace(USER_INFO, '$1')
    .replace(WITH_QUERY, (_match, head: string, query: string) => head + redactQuery(query));
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      if (pair === '') return pair;
      const equals = pair.indexOf('=');
      return equals === -1 ? REDACTED : `${pair.slice(0, equals)}=${REDACTED}`;
    })
    .join('&');
}
