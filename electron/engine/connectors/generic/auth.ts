/** Authentication of the generic element: none, basic, bearer, a custom header, or OAuth 2 client credentials. */
import { AUTH_KEYS, AUTH_TYPES, isHeaderName, type AuthType } from '../../../../shared/config/generic.ts';
import { ConnectorError, missingSecret } from '../errors.ts';
import type { HttpClient } from '../http.ts';
import type { ConnectorContext } from '../types.ts';
import type { Authenticator, CredentialReader } from './authenticator.ts';
import { clientCredentials } from './oauth.ts';

export { AUTH_TYPES, type AuthType };

/** Never throws: a configuration that cannot work fails the first request, inside the poll. */
export function createAuthenticator(context: ConnectorContext, http: HttpClient): Authenticator {
  const config = context.instance.configuration;
  const configured = config['auth.type'] === undefined || config['auth.type'] === null || config['auth.type'] === '' ? 'none' : config['auth.type'];
  const type = AUTH_TYPES.find((candidate) => candidate === configured);
  if (type === undefined) {
    const error = new ConnectorError('config', `auth.type ${JSON.stringify(config['auth.type'])} is not one of ${AUTH_TYPES.join(', ')}`);
    return { headers: () => Promise.reject(error), invalidate: () => false, sendsCredentials: false };
  }
  const read = credentialReader(context, type);
  const fixed = (make: () => Promise<Record<string, string>>): Authenticator => {
    // Read once per connector (one poll): the secret store is not asked again for every page.
    let headers: Promise<Record<string, string>> | undefined;
    return { headers: () => (headers ??= make()), invalidate: () => false, sendsCredentials: type !== 'none' };
  };
  switch (type) {
    case 'none':
      return fixed(async () => ({}));
    case 'basic':
      return fixed(async () => ({ Authorization: `Basic ${Buffer.from(`${await read('username')}:${await read('password')}`, 'utf8').toString('base64')}` }));
    case 'bearer':
      // A token pasted with its trailing newline still works: tokens never hold white space.
      return fixed(async () => ({ Authorization: `Bearer ${(await read('token')).trim()}` }));
    case 'header':
      return fixed(async () => customHeader(await read('header.name'), await read('header.value')));
    case 'oauth2':
      return clientCredentials(read, { scope: config['oauth.scope'], authentication: config['oauth.client.authentication'] }, http);
  }
}

function credentialReader(context: ConnectorContext, type: AuthType): CredentialReader {
  const config = context.instance.configuration;
  const secrets = new Set(AUTH_KEYS[type].secrets);
  return async (key) => {
    const inDocument = typeof config[key] === 'string' && config[key] !== '' ? (config[key] as string) : undefined;
    const value = secrets.has(key) ? ((await context.secret(key)) ?? inDocument) : inDocument;
    if (value !== undefined) return value;
    if (secrets.has(key)) {
      throw missingSecret(context, key, `"${key}" is not set for auth.type "${type}"`);
    }
    throw new ConnectorError('config', `"${key}" is not set: auth.type "${type}" needs it in the instance configuration`);
  };
}

function customHeader(name: string, value: string): Record<string, string> {
  if (!isHeaderName(name)) throw new ConnectorError('config', `header.name ${JSON.stringify(name)} is not an HTTP header name: use letters, digits and "-" only`);
  // axios would silently drop the line break, sending a different credential than the one saved.
  if (/[\r\n\0]/.test(value.trim())) throw new ConnectorError('config', 'header.value contains a line break: save it again as a single line');
  return { [name]: value.trim() };
}
