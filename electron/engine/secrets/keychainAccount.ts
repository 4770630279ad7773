/**
 * How (instance, key) becomes one keychain account name: `<instance>/<key>`, each part with `%`,
 * `/` and control characters percent-encoded (`%25`, `%2F`, `%00`…). Exactly one raw `/` remains,
 * so the pair can always be recovered, and `a/b`+`c` never collides with `a`+`b/c`. A NUL separator
 * would not work: D-Bus strings (Linux Secret Service) cannot carry NUL. Ordinary names stay
 * readable in Keychain Access / Credential Manager / Seahorse, e.g. `My API/user.password`.
 */

const NEEDS_ESCAPE = /[%/\u0000-\u001f\u007f]/g;

function escapePart(part: string): string {
  return part.replace(NEEDS_ESCAPE, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0'));
}

function unescapePart(part: string): string {
  return part.replace(/%([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function keychainAccount(instance: string, key: string): string {
  return `${escapePart(instance)}/${escapePart(key)}`;
}

/** The (instance, key) of an account written by `keychainAccount`; undefined for any other account. */
export function parseKeychainAccount(account: string): { instance: string; key: string } | undefined {
  const parts = account.split('/');
  if (parts.length !== 2) return undefined;
  const [instance, key] = parts as [string, string];
  if (instance === '' || key === '') return undefined;
  return { instance: unescapePart(instance), key: unescapePart(key) };
}
