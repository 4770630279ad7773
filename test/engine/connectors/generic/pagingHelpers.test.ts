/** The pure pieces of paging and throttling: RFC 8288 Link headers, query parameters, Retry-After. */
import { describe, expect, it } from 'vitest';
import { nextLinkFromHeader, withParams } from '../../../../electron/engine/connectors/generic/paging.ts';
import { parseRetryAfter } from '../../../../electron/engine/connectors/http.ts';

describe('nextLinkFromHeader', () => {
  // Link header → the next page's URL.
  const NEXT_LINKS: Record<string, string> = {
    '<https://a/x?page=2>; rel="next"': 'https://a/x?page=2',
    '<https://a/x?page=2>; rel=next': 'https://a/x?page=2',
    '<https://a/1>; rel="prev", <https://a/3>; REL="Next"': 'https://a/3',
    '<https://a/1>; rel="first prev", <https://a/3>; rel="next last"': 'https://a/3',
    '<https://a/3>; title="a, <b>; rel=\\"prev\\""; rel="next"': 'https://a/3',
    '<https://a/3>; anchor="#x"; type="application/json"; rel="next"': 'https://a/3',
    '</items?cursor=a,b>; rel="next"': '/items?cursor=a,b',
  };
  it.each(Object.entries(NEXT_LINKS))('%s → %s', (header, next) => {
    expect(nextLinkFromHeader(header)).toBe(next);
  });

  it.each([
    [undefined],
    [''],
    ['<https://a/3>; rel="nextpage"'],
    ['<https://a/3>; rel="last"; rel="next"'],
    ['<https://a/3>; title="rel=next"'],
    ['<https://a/1>; rel="prev"'],
  ])('finds no next page in %j', (header) => {
    expect(nextLinkFromHeader(header)).toBeUndefined();
  });
});

describe('withParams', () => {
  it('replaces or appends the paging parameters and leaves the rest of the query byte for byte', () => {
    expect(withParams("https://a/x?where=d>'2024-01-01T00:00:00%2B05:30'&offset=7&flag", { offset: 20, limit: 10 })).toBe(
      "https://a/x?where=d>'2024-01-01T00:00:00%2B05:30'&flag&offset=20&limit=10",
    );
    expect(withParams('https://a/x#frag', { 'page size': 'a&b' })).toBe('https://a/x?page%20size=a%26b');
  });
});

describe('parseRetryAfter', () => {
  const server = Date.parse('Wed, 01 May 2024 08:30:00 GMT');
  it.each([
    ['120', 120_000],
    ['0', 0],
    ['1.5', 1_500],
    ['Wed, 01 May 2024 08:32:00 GMT', 120_000],
    ['Wed, 01 May 2024 08:29:00 GMT', 0],
    ['-5', undefined],
    ['soon', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %j ms', (value, ms) => {
    expect(parseRetryAfter(value, server)).toBe(ms);
  });
});
