import { GitHubError } from './context.js';

/** GitHub's primary rate limit: requests per hour, its headers on every answer, 403 once it is used up. */
export class RateLimit {
  private used = 0;
  private readonly resetAt: number;

  constructor(
    private readonly limit: number,
    nowMs: number,
  ) {
    this.resetAt = Math.floor(nowMs / 1000) + 3600;
  }

  /** Counts a request, or refuses it as GitHub does when none are left. */
  take(actorId: number): void {
    if (this.used >= this.limit)
      throw new GitHubError(
        403,
        `API rate limit exceeded for user ID ${actorId}.`,
        'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
      );
    this.used += 1;
  }

  setRemaining(remaining: number): void {
    this.used = Math.max(this.limit - remaining, 0);
  }

  headers(requestNumber: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(this.limit),
      'x-ratelimit-remaining': String(Math.max(this.limit - this.used, 0)),
      'x-ratelimit-reset': String(this.resetAt),
      'x-ratelimit-used': String(this.used),
      'x-ratelimit-resource': 'core',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-request-id': `STANDIN:${requestNumber.toString(16).toUpperCase()}`,
    };
  }
}
