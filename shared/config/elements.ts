/**
 * What each element (connector) accepts in its instance `configuration`. Keys not listed here are
 * kept and reported as warnings; keys marked secret are moved to the keychain, never stored in files.
 */

import { CALLBACK_USER_INFO_KEY } from './callbackUrl.ts';
import { OAUTH_CLIENT_AUTHENTICATIONS } from './generic.ts';

export interface ConfigKey {
  key: string;
  label: string;
  secret?: boolean;
  /** The values it takes (the window offers them as a list; the first is the default). */
  choices?: readonly string[];
  /** Names the server: a different value is a different data set, so cursors start over. */
  identifiesServer?: boolean;
  /** A list of strings (the window edits it as text, one value per line). */
  list?: boolean;
  /** Part of who signs in (a user name, a client id): another value is other credentials, tried anew after a refused sign-in. */
  signsIn?: boolean;
}

export interface ElementDescriptor {
  key: string;
  name: string;
  connectionKeys: ConfigKey[];
}

/** Keys every element understands: notifications and the poller. */
export const COMMON_KEYS: ConfigKey[] = [
  { key: 'event.notification.enabled', label: 'Events enabled' },
  { key: 'event.notification.callback.url', label: 'Callback URL' },
  { key: CALLBACK_USER_INFO_KEY, label: 'Callback URL user info (user:password, sent as Basic auth)', secret: true },
  { key: 'event.notification.signature.key', label: 'Signature key', secret: true },
  { key: 'event.notification.standardwebhooks.secret', label: 'Standard Webhooks secret (whsec_…)', secret: true },
  { key: 'event.notification.include.changes', label: 'Changes in the payload: values (default), fields or none' },
  { key: 'event.poller.refresh_interval', label: 'Refresh interval (minutes)' },
  { key: 'event.poller.configuration', label: 'Poller resources' },
  { key: 'event.poller.urls', label: 'Poller resources (legacy pipe format)' },
  { key: 'event.vendor.type', label: 'Event type (polling or webhook)' },
];

export const ELEMENTS: ElementDescriptor[] = [
  {
    key: 'sagecrm',
    name: 'Sage CRM',
    connectionKeys: [
      { key: 'subdomain', label: 'Server (host or full SData URL)', identifiesServer: true },
      { key: 'username', label: 'Username', signsIn: true },
      { key: 'password', label: 'Password', secret: true },
      { key: 'allow.insecure.http', label: 'Allow plain http:// to a non-loopback host' },
      { key: 'event.poller.reconcile_interval', label: 'Minutes between deletion checks (id reconciliation; default 360, 0 = only on demand)' },
    ],
  },
  {
    key: 'dynamicscrmadfs',
    name: 'Microsoft Dynamics CRM',
    connectionKeys: [
      { key: 'dynamics.tenant', label: 'Organization host or URL', identifiesServer: true },
      { key: 'dynamics.api.version', label: 'Web API version (default v9.2)' },
      { key: 'user.username', label: 'Username', signsIn: true },
      { key: 'user.password', label: 'Password', secret: true },
      { key: 'oauth.authority', label: 'OAuth authority (discovered when empty)', signsIn: true },
      { key: 'oauth.client.id', label: 'OAuth client id', signsIn: true },
      { key: 'oauth.client.secret', label: 'OAuth client secret', secret: true },
      { key: 'allow.insecure.http', label: 'Allow plain http:// to a non-loopback host' },
    ],
  },
  {
    key: 'generic',
    name: 'Generic JSON REST API',
    connectionKeys: [
      { key: 'base.url', label: 'Base URL', identifiesServer: true },
      { key: 'trusted.origins', label: 'Other origins trusted with the credentials (resource URLs, next pages, redirects)', list: true },
      { key: 'auth.type', label: 'Authentication: none, basic, bearer, header or oauth2', signsIn: true },
      { key: 'username', label: 'Username', signsIn: true },
      { key: 'password', label: 'Password', secret: true },
      { key: 'token', label: 'Bearer token', secret: true },
      { key: 'header.name', label: 'Header name', signsIn: true },
      { key: 'header.value', label: 'Header value', secret: true },
      { key: 'oauth.token.url', label: 'OAuth token URL', signsIn: true },
      { key: 'oauth.client.id', label: 'OAuth client id', signsIn: true },
      { key: 'oauth.client.secret', label: 'OAuth client secret', secret: true },
      { key: 'oauth.scope', label: 'OAuth scope' },
      { key: 'oauth.client.authentication', label: 'OAuth client authentication', choices: OAUTH_CLIENT_AUTHENTICATIONS },
    ],
  },
];

export function findElement(key: string | undefined): ElementDescriptor | undefined {
  return ELEMENTS.find((element) => element.key === key);
}

/** All configuration keys an element knows, common ones included. */
export function knownKeys(element: ElementDescriptor | undefined): ConfigKey[] {
  return element ? [...COMMON_KEYS, ...element.connectionKeys] : COMMON_KEYS;
}

export function isSecretKey(element: ElementDescriptor | undefined, key: string): boolean {
  return knownKeys(element).some((candidate) => candidate.key === key && candidate.secret === true);
}

/** Every configuration key that holds a secret, across all elements. */
export const SECRET_KEYS: string[] = [...new Set([...COMMON_KEYS, ...ELEMENTS.flatMap((element) => element.connectionKeys)].filter((key) => key.secret).map((key) => key.key))];
