import { describe, expect, it } from 'vitest';
import { keychainAccount, parseKeychainAccount } from '../../../electron/engine/secrets/keychainAccount.ts';

describe('keychain account names', () => {
  it.each([
    ['My API', 'user.password', 'My API/user.password'],
    ['a/b', 'c', 'a%2Fb/c'],
    ['a', 'b/c', 'a/b%2Fc'],
    ['100%', 'password', '100%25/password'],
    ['x%2Fy', 'k', 'x%252Fy/k'],
    ['tab\there', 'nul\u0000key', 'tab%09here/nul%00key'],
    ['Zürich 🔑', 'oauth.client.secret', 'Zürich 🔑/oauth.client.secret'],
  ])('%j + %j → %j and back', (instance, key, account) => {
    expect(keychainAccount(instance, key)).toBe(account);
    expect(parseKeychainAccount(account)).toEqual({ instance, key });
  });

  it('ignores accounts it did not write', () => {
    expect(parseKeychainAccount('reachability-probe')).toBeUndefined();
    expect(parseKeychainAccount('a/b/c')).toBeUndefined();
    expect(parseKeychainAccount('/key')).toBeUndefined();
    expect(parseKeychainAccount('instance/')).toBeUndefined();
  });
});
