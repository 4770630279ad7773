/** The one rule for signing in after a refusal, and what counts as a refused sign-in. */
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../electron/engine/connectors/errors.ts';
import { isRefusedSignIn } from '../../electron/engine/failurePolicy.ts';
import { signInGate, SignInHeldError } from '../../electron/engine/signInGate.ts';
import type { SignInStatus } from '../../shared/status.ts';

const refused: SignInStatus = { state: 'confirm-first', refused: 2 };

describe('the sign-in gate', () => {
  it('holds credentials refused last from everything automatic, and asks a person first', () => {
    expect(signInGate(refused, { by: 'automatic' })).toBe('hold');
    expect(signInGate(refused, { by: 'automatic', confirmed: true })).toBe('hold');
    expect(signInGate(refused, { by: 'user' })).toBe('ask');
    expect(signInGate(refused, { by: 'user', confirmed: true })).toBe('go');
  });

  it('lets new credentials, and ones that signed in last, go without asking', () => {
    for (const state of ['ok', 'untried'] as const) {
      expect(signInGate({ state, refused: 2 }, { by: 'automatic' })).toBe('go');
      expect(signInGate({ state, refused: 0 }, { by: 'user' })).toBe('go');
    }
  });

  it('says how many were refused, that the account may lock, and how to confirm', () => {
    expect(new SignInHeldError('Sage', refused, 'ask').message).toMatch(/^the last sign-in of "Sage" was refused \(2 refused sign-ins since the last success\): .*may lock the account.*confirmLockoutRisk.*--confirm-lockout-risk/);
    expect(new SignInHeldError('Sage', { state: 'confirm-first', refused: 1 }, 'hold').message).toMatch(/\(1 refused sign-in since the last success\).*not tried by itself/);
  });
});

describe('a refused sign-in', () => {
  it('is a 401 or 403 the server answered, or a token endpoint refusal kept as auth with its status', () => {
    expect(isRefusedSignIn(new ConnectorError('auth', 'HTTP 401', { status: 401 }))).toBe(true);
    expect(isRefusedSignIn(new ConnectorError('forbidden', 'HTTP 403', { status: 403 }))).toBe(true);
    expect(isRefusedSignIn(new ConnectorError('auth', 'AD FS refused the sign-in (HTTP 400: invalid_grant)', { status: 400 }))).toBe(true);
  });

  it('is not credentials never sent (missing, held back, an authority not trusted yet), nor any other failure', () => {
    expect(isRefusedSignIn(new ConnectorError('auth', 'password is not set'))).toBe(false);
    expect(isRefusedSignIn(new ConnectorError('auth', 'trust it?', { untrustedAuthority: 'https://adfs.example.com' }))).toBe(false);
    expect(isRefusedSignIn(new ConnectorError('unavailable', 'HTTP 500', { status: 500 }))).toBe(false);
    expect(isRefusedSignIn(new Error('boom'))).toBe(false);
  });
});
