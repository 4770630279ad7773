/** URLs read the same in the window (Chromium) and in the engine (Node). */
import { describe, expect, it } from 'vitest';
import { parseUrl } from '../../../shared/config/hosts.ts';

describe('parseUrl', () => {
  it('refuses a host holding what no host may hold, which Chromium would percent-encode and accept', () => {
    // Node keeps a percent-escape in an opaque host, as Chromium does in an https one ("https://not%20a%20url%20at%20all/").
    expect(new URL('crm://not%20a%20url').hostname).toBe('not%20a%20url');
    expect(() => parseUrl('crm://not%20a%20url')).toThrow(/Invalid URL/);
    expect(() => parseUrl('https://not a url at all')).toThrow(/Invalid URL/);
    expect(parseUrl('https://crm.example.com/sdata/a%20b').pathname).toBe('/sdata/a%20b');
  });
});
