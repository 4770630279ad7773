/**
 * What each element (connector) accepts in its instance `configuration` (the table: elements.json).
 * Keys not listed there are kept and reported as warnings; keys marked secret are moved to the
 * keychain, never stored in files.
 */

import table from './elements.json' with { type: 'json' };
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

/** Keys that take one of a closed list of values: the list stays with the code that reads the value. */
const CHOICES: Readonly<Record<string, readonly string[]>> = { 'oauth.client.authentication': OAUTH_CLIENT_AUTHENTICATIONS };

function withChoices(key: ConfigKey): ConfigKey {
  const choices = CHOICES[key.key];
  return choices === undefined ? key : { ...key, choices };
}

/** Keys every element understands: notifications and the poller. */
export const COMMON_KEYS: ConfigKey[] = table.common.map(withChoices);

export const ELEMENTS: ElementDescriptor[] = table.elements.map((element) => ({ ...element, connectionKeys: element.connectionKeys.map(withChoices) }));

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
