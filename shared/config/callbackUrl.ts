/**
 * A callback URL's user info (`https://user:pass@host/hook`, as Cloud Elements accepted it) is a
 * credential. It is kept in the secret store under `event.notification.callback.userinfo`, never in
 * a stored URL, sent only as HTTP Basic to the callback URL's own origin, and shown masked
 * (`https://user:•••@host/hook`: the user name, never the password).
 */

export const CALLBACK_URL_KEY = 'event.notification.callback.url';
export const CALLBACK_USER_INFO_KEY = 'event.notification.callback.userinfo';
export const MASK = '•••';

/** The scheme and the authority up to its last `@` (as URL parsers read it). */
const WITH_USER_INFO = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)@/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

export interface SplitCallbackUrl {
  /** The URL without user info; unchanged (byte for byte) when it had none. */
  url: string;
  /** `user:password` (percent-decoded), or `user` when there is no password; undefined when there is none. */
  userInfo?: string;
}

export function splitUserInfo(url: string): SplitCallbackUrl {
  const match = WITH_USER_INFO.exec(url);
  if (!match) return { url };
  const [whole, scheme, raw] = match as unknown as [string, string, string];
  const stripped = scheme + url.slice(whole.length);
  const colon = raw.indexOf(':');
  const userInfo = colon < 0 ? decode(raw) : `${decode(raw.slice(0, colon))}:${decode(raw.slice(colon + 1))}`;
  return { url: stripped, userInfo: userInfo === '' || userInfo === ':' ? undefined : userInfo };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The Authorization header value for a callback's user info (RFC 7617: the user name ends at the first colon). */
export function basicAuthorization(userInfo: string): string {
  const credential = userInfo.includes(':') ? userInfo : `${userInfo}:`;
  return `Basic ${bytesToBase64(new TextEncoder().encode(credential))}`;
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * The URL as it may be shown: without a password, with the user name (or `•••` when there is no
 * password, as the user part may then be a token). `userInfo` is the one kept in the secret store;
 * without it, the URL's own is masked.
 */
export function maskedCallbackUrl(url: string, userInfo?: string): string {
  const split = splitUserInfo(url);
  const info = userInfo ?? split.userInfo;
  const scheme = SCHEME.exec(split.url)?.[0];
  if (info === undefined || scheme === undefined) return split.url;
  const colon = info.indexOf(':');
  const shown = colon < 0 ? MASK : `${encodeURIComponent(info.slice(0, colon))}:${MASK}`;
  return `${scheme}${shown}@${split.url.slice(scheme.length)}`;
}
