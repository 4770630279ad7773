/** A callback URL's user info: split off (decoded), turned into Basic, shown masked. */
import { describe, expect, it } from 'vitest';
import { basicAuthorization, maskedCallbackUrl, splitUserInfo } from '../../../shared/config/callbackUrl.ts';
import { sameOrigin } from '../../../shared/config/origins.ts';

describe('callback URL user info', () => {
  it('splits it off, percent-decoded, leaving the rest of the URL as written', () => {
    expect(splitUserInfo('https://hook%40user:p%3Ass%20w@example.com:8443/a/b?x=1#f')).toEqual({ url: 'https://example.com:8443/a/b?x=1#f', userInfo: 'hook@user:p:ss w' });
    expect(splitUserInfo('https://token@example.com/hook')).toEqual({ url: 'https://example.com/hook', userInfo: 'token' });
    expect(splitUserInfo('https://:secret@example.com')).toEqual({ url: 'https://example.com', userInfo: ':secret' });
    expect(splitUserInfo('https://a@b@example.com/x')).toEqual({ url: 'https://example.com/x', userInfo: 'a@b' });
    expect(splitUserInfo('https://@example.com/x')).toEqual({ url: 'https://example.com/x' });
  });

  it('leaves URLs without user info untouched, an @ in the path or query included', () => {
    for (const url of ['https://example.com', 'https://example.com/hook?to=me@example.com', 'https://example.com/@me', 'not a url', '']) expect(splitUserInfo(url)).toEqual({ url });
  });

  it('makes the Basic credential of the user info', () => {
    expect(basicAuthorization('hook user:pä:ss')).toBe(`Basic ${Buffer.from('hook user:pä:ss', 'utf8').toString('base64')}`);
    expect(basicAuthorization('token')).toBe(`Basic ${Buffer.from('token:').toString('base64')}`);
  });

  it('shows the user name, never the password; no user part at all when there is no password (it may be a token)', () => {
    expect(maskedCallbackUrl('https://example.com/hook', 'hook user:pass')).toBe('https://hook%20user:•••@example.com/hook');
    expect(maskedCallbackUrl('https://u:pass@example.com/hook')).toBe('https://u:•••@example.com/hook');
    expect(maskedCallbackUrl('https://tok@example.com/hook')).toBe('https://•••@example.com/hook');
    expect(maskedCallbackUrl('https://example.com/hook')).toBe('https://example.com/hook');
  });

  it('compares origins', () => {
    expect(sameOrigin('http://127.0.0.1:8080/a', 'http://127.0.0.1:8080/b?c')).toBe(true);
    expect(sameOrigin('http://127.0.0.1:8080/a', 'http://127.0.0.1:8081/a')).toBe(false);
    expect(sameOrigin('http://example.com/a', 'https://example.com/a')).toBe(false);
    expect(sameOrigin('not a url', 'not a url')).toBe(false);
  });
});
