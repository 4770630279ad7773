/** The one redaction rule: secret values in every form they travel in, and credential-carrying headers, parameters and URLs. */
import { describe, expect, it } from 'vitest';
import { redact, REDACTED, Redactor } from '../../../electron/engine/secrets/redact.ts';
import credentialsInTextCases from './cases/credentialsInText.json' with { type: 'json' };

/** A text, and a credential in it that must not be shown: in credential headers, and anywhere else. */
const credentialsInText: Record<'inCredentialHeaders' | 'anywhere', readonly { text: string; secret: string }[]> = credentialsInTextCases;

const PASSWORD = 'pä ss/w:rd&1<';
const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const form = (text: string) => encodeURIComponent(text).replace(/%20/g, '+');

describe('redact', () => {
  it('hides a secret raw, percent-encoded, form-encoded, JSON-escaped, HTML-escaped and in base64', () => {
    const forms = [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      form(PASSWORD),
      JSON.stringify(PASSWORD).slice(1, -1),
      'pä ss/w:rd&amp;1&lt;',
      base64(PASSWORD),
    ];
    for (const shown of forms) {
      const text = `login failed: ${shown} was refused`;
      expect(redact(text, { values: [PASSWORD] }), shown).toBe(`login failed: ${REDACTED} was refused`);
    }
  });

  it('hides the Basic credential of a user name with a secret, plain and form-encoded (client_secret_basic)', () => {
    const plain = base64(`admin:${PASSWORD}`);
    const formEncoded = base64(`${form('poller/one')}:${form(PASSWORD)}`);
    const text = `echo ${plain} and ${formEncoded}`;
    const redacted = redact(text, { values: [PASSWORD], users: ['admin', 'poller/one'] });
    expect(redacted).not.toContain(plain);
    expect(redacted).not.toContain(formEncoded);
  });

  it('hides the values of credential headers, in header lines, JSON and JavaScript objects', () => {
    for (const { text, secret } of credentialsInText.inCredentialHeaders) {
      const redacted = redact(text);
      expect(redacted, text).not.toContain(secret);
      expect(redacted, text).toContain(REDACTED);
    }
    expect(redact('{"authorization":"x","host":"crm"}')).toBe(`{"authorization":"${REDACTED}","host":"crm"}`);
  });

  it("hides the values of an instance's own credential header", () => {
    expect(redact('X-Tenant-Secret: abc', { headerNames: ['X-Tenant-Secret'] })).toBe(`X-Tenant-Secret: ${REDACTED}`);
    expect(redact('X-Tenant-Secret: abc')).toBe('X-Tenant-Secret: abc');
  });

  it('hides bearer and Basic credentials, tokens and passwords in parameters, and URL user info, wherever they stand', () => {
    for (const { text, secret } of credentialsInText.anywhere) expect(redact(text), text).not.toContain(secret);
    expect(redact('cannot reach https://hookuser:hookpass@example.com/hook')).toBe(`cannot reach https://${REDACTED}@example.com/hook`);
  });

  it('leaves ordinary messages alone', () => {
    const messages = [
      'https://crm.example.com/items answered HTTP 401: check the username and password (or token) and save them again',
      'the server asks for Basic authentication',
      'Authentication: none, basic, bearer, header or oauth2',
      'the sign-in challenge names no authority (no "Bearer authorization_uri=…" challenge): set oauth.authority',
      'the Sage CRM password is not set: save it with the instance\'s credentials',
      'a notification to https://example.com/hook failed after 3 attempt(s) (HTTP 500: oops)',
      'write to me@example.com',
    ];
    for (const message of messages) expect(redact(message), message).toBe(message);
  });

  it('hides the longer of two overlapping secrets whole, and ignores empty values', () => {
    expect(redact('abcdef and abc', { values: ['abc', 'abcdef', '', undefined] })).toBe(`${REDACTED} and ${REDACTED}`);
  });
});

describe('Redactor', () => {
  it("knows a key of the poller's own read through the store it watches", async () => {
    const redactor = new Redactor();
    const store = redactor.watch({
      kind: 'keychain',
      get: async () => undefined,
      set: async () => undefined,
      delete: async () => false,
      listKeys: async () => [],
      check: async () => undefined,
      howToSet: () => 'set it',
      ownKey: async (_name, make) => make(),
      deleteInstance: async () => undefined,
    });
    expect(await store.ownKey('sign-in-fingerprint-key', () => 'k3y-made-here')).toBe('k3y-made-here');
    expect(redactor.text('key k3y-made-here')).toBe(`key ${REDACTED}`);
  });

  it('knows every secret read through the store it watches, and the hints of the instances', async () => {
    const values: Record<string, string> = { password: 'hunter22', token: 'tok-xyz' };
    const redactor = new Redactor(() => ({ users: ['admin'], headerNames: ['X-Custom'] }));
    const store = redactor.watch({
      kind: 'env',
      get: async (_instance, key) => values[key],
      set: async () => undefined,
      delete: async () => false,
      listKeys: async () => Object.keys(values),
      check: async () => undefined,
      howToSet: () => 'set it',
      ownKey: async () => undefined,
      deleteInstance: async () => undefined,
    });
    expect(redactor.text('hunter22')).toBe('hunter22');
    await store.get('Acme', 'password');
    await store.set('Acme', 'token', 'new-token-1');
    const text = `hunter22 ${base64('admin:hunter22')} new-token-1 X-Custom: v`;
    expect(redactor.text(text)).toBe(`${REDACTED} ${REDACTED} ${REDACTED} X-Custom: ${REDACTED}`);
  });

  it('redacts an error in place: its message, stack, URL and every cause, keeping its class', () => {
    class KindError extends Error {
      readonly url = 'https://u:hunter22@crm/x';
    }
    const redactor = new Redactor();
    redactor.remember('hunter22');
    const cause = Object.assign(new Error('inner hunter22'), { config: { headers: { Authorization: 'Basic aHVudGVyMjI=' } } });
    const error = new KindError('outer hunter22', { cause });
    const same = redactor.error(error);
    expect(same).toBe(error);
    expect(same).toBeInstanceOf(KindError);
    expect(error.message).toBe(`outer ${REDACTED}`);
    expect(error.stack).not.toContain('hunter22');
    expect(error.url).not.toContain('hunter22');
    expect((error.cause as Error).message).toBe(`inner ${REDACTED}`);
    expect(JSON.stringify(error.cause)).not.toContain('aHVudGVyMjI');
  });
});
