import { z } from 'zod';

/** An API endpoint variable: a stand-in's or a regional endpoint's origin, nothing after it. */
export const apiEndpoint = z
  .string()
  .regex(/^https?:\/\/[^/\s]+$/, 'expected http://host:port')
  .optional();

/** An emulator's address, as Google's emulators print it. */
export const hostPort = z
  .string()
  .regex(/^[^/\s:]+:\d+$/, 'expected host:port')
  .optional();

/**
 * A user name or password in an endpoint URL: the clients send their own credentials (the tokens), fetch refuses
 * such a URL, and its error message quoted it into the log. Named, never shown.
 */
export function userInfoProblems(urls: Record<string, string | undefined>): string[] {
  return Object.entries(urls)
    .filter(
      ([, url]) =>
        url !== undefined && URL.canParse(url) && (new URL(url).username !== '' || new URL(url).password !== ''),
    )
    .map(
      ([name]) =>
        `${name}: remove the user name and password from the URL (the bot authenticates with its tokens, and a URL's credentials would end up in logs)`,
    );
}
