/** Moving secrets out of a Cloud Elements instance document before it is stored anywhere. */
import { CALLBACK_URL_KEY, CALLBACK_USER_INFO_KEY, splitUserInfo } from '../../../shared/config/callbackUrl.ts';
import { sameOrigin } from '../../../shared/config/origins.ts';
import { findElement, isSecretKey } from '../../../shared/config/elements.ts';
import { isInstanceShape } from '../../../shared/config/instance.ts';
import { findPlaceholder, isPlainObject } from '../../../shared/config/values.ts';
import type { RedactionHints } from '../secrets/redact.ts';

export interface SplitDocument {
  /** The document with every secret key removed. */
  document: Record<string, unknown>;
  /** Secret key → value, placeholders (`<YOUR_PASSWORD>`) left out. */
  secrets: Record<string, string>;
}

/** Secret keys, and the user info of the callback URL (kept as `event.notification.callback.userinfo` unless that key is given too). */
export function splitSecrets(document: Record<string, unknown>, elementKey: string | undefined): SplitDocument {
  const element = findElement(elementKey);
  const configuration = isInstanceShape(document) && isPlainObject(document.configuration) ? document.configuration : isInstanceShape(document) ? {} : document;
  const kept: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(configuration)) {
    if (!isSecretKey(element, key)) kept[key] = value;
    else if (isSecretValue(value)) secrets[key] = value;
  }
  const callbackUrl = kept[CALLBACK_URL_KEY];
  if (typeof callbackUrl === 'string' && findPlaceholder(callbackUrl) === undefined) {
    const { url, userInfo } = splitUserInfo(callbackUrl);
    kept[CALLBACK_URL_KEY] = url;
    if (userInfo !== undefined) secrets[CALLBACK_USER_INFO_KEY] ??= userInfo;
  }
  const stripped = isInstanceShape(document) ? { ...document, configuration: kept } : kept;
  return { document: stripped, secrets };
}

/**
 * Stored secrets a new version of the document leaves behind: the callback's user info when the
 * callback URL moved to another origin and the new version brings none (it was for the old server).
 */
export function secretsLeftBehind(before: Record<string, unknown>, after: Record<string, unknown>, given: Record<string, string>): string[] {
  const origin = (document: Record<string, unknown>) => {
    const url = configurationOf(document)[CALLBACK_URL_KEY];
    return typeof url === 'string' ? splitUserInfo(url).url : undefined;
  };
  const [was, is] = [origin(before), origin(after)];
  const moved = was !== undefined && (is === undefined || !sameOrigin(was, is));
  return moved && given[CALLBACK_USER_INFO_KEY] === undefined ? [CALLBACK_USER_INFO_KEY] : [];
}

function isSecretValue(value: unknown): value is string {
  return typeof value === 'string' && value !== '' && findPlaceholder(value) === undefined;
}

/** The configuration of a stored document (the instance shape, or a bare configuration). */
export function configurationOf(document: Record<string, unknown>): Record<string, unknown> {
  return isInstanceShape(document) && isPlainObject(document.configuration) ? document.configuration : document;
}

/** Configuration keys whose (non-secret) value goes into a Basic credential with a secret: user names, OAuth client ids. */
const USER_KEYS = ['username', 'user.username', 'oauth.client.id'];
/** Configuration keys naming a header whose value is a credential. */
const CREDENTIAL_HEADER_KEYS = ['header.name'];

/** What redaction needs to know about the instances beyond their secret values. */
export function redactionHints(instances: readonly { document: Record<string, unknown> }[]): RedactionHints {
  const users: string[] = [];
  const headerNames: string[] = [];
  for (const { document } of instances) {
    const configuration = configurationOf(document);
    const text = (key: string) => (typeof configuration[key] === 'string' && configuration[key] !== '' ? [configuration[key] as string] : []);
    users.push(...USER_KEYS.flatMap(text));
    headerNames.push(...CREDENTIAL_HEADER_KEYS.flatMap(text));
  }
  return { users, headerNames };
}
