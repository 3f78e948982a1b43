/** The one page loop of the REST adapters (src/adapters/shared/google-rest.ts). */
import { describe, expect, it } from 'vitest';
import { allPages, queryOf } from '../../../src/adapters/shared/google-rest.js';

describe('allPages', () => {
  it('follows nextPageToken to the last page, in order', async () => {
    const asked: (string | undefined)[] = [];
    const pages: Record<string, { items: number[]; nextPageToken?: string }> = {
      first: { items: [1, 2], nextPageToken: 'b' },
      b: { items: [3], nextPageToken: 'c' },
      c: { items: [4], nextPageToken: '' },
    };
    const items = await allPages(
      async (token) => (asked.push(token), pages[token ?? 'first']!),
      (page) => page.items,
    );
    expect(items).toEqual([1, 2, 3, 4]);
    expect(asked).toEqual([undefined, 'b', 'c']);
  });

  it('stops after maxPages when a server hands out tokens forever', async () => {
    let calls = 0;
    const items = await allPages(
      async () => ({ items: [(calls += 1)], nextPageToken: 'again' }),
      (page) => page.items,
      3,
    );
    expect(items).toEqual([1, 2, 3]);
    expect(calls).toBe(3);
  });
});

describe('queryOf', () => {
  it('repeats a list, drops what is unset, and writes spaces as %20', () => {
    expect(queryOf({ filter: 'a = "b c"', group: ['x', 'y'], pageToken: undefined, pageSize: 100 })).toBe(
      'filter=a%20%3D%20%22b%20c%22&group=x&group=y&pageSize=100',
    );
  });
});
