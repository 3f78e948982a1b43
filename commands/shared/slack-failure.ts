/**
 * A failed Slack Web API call made by the Slack surface itself (posting a card), in a few words for the user.
 * By the time it fails the WebClient's own retries are spent: Slack refused it, answered an HTTP error, kept
 * rate limiting the bot, or did not answer. Never the raw error (it names URLs and the client's internals).
 */
export function describeSlackFailure(error: unknown): string {
  const e = (error ?? {}) as {
    code?: unknown;
    statusCode?: unknown;
    data?: { error?: unknown };
    original?: { name?: unknown };
    message?: unknown;
  };
  if (e.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string')
    return `Slack refused it (${e.data.error})`;
  if (typeof e.message === 'string' && /rate limit was exceeded/i.test(e.message))
    return 'Slack kept rate limiting the bot';
  if (e.code === 'slack_webapi_http_error') return `Slack answered HTTP ${String(e.statusCode)}`;
  if (
    e.code === 'slack_webapi_request_error' &&
    (e.original?.name === 'TimeoutError' || e.original?.name === 'AbortError')
  )
    return 'Slack did not answer in time';
  return 'Slack could not be reached';
}
