/** Moving secrets out of a Cloud Elements instance document before it is stored anywhere. */
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

export function splitSecrets(document: Record<string, unknown>, elementKey: string | undefined): SplitDocument {
  const element = findElement(elementKey);
  const configuration = isInstanceShape(document) && isPlainObject(document.configuration) ? document.configuration : isInstanceShape(document) ? {} : document;
  const kept: Record<string, unknown> = {};
  const secrets: Record<string, string> = {};
  for (const [key, value] of Object.entries(configuration)) {
    if (!isSecretKey(element, key)) kept[key] = value;
    else if (typeof value === 'string' && value !== '' && findPlaceholder(value) === undefined) secrets[key] = value;
  }
  const stripped = isInstanceShape(document) ? { ...document, configuration: kept } : kept;
  return { document: stripped, secrets };
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
    const configuration = isInstanceShape(document) && isPlainObject(document.configuration) ? document.configuration : document;
    const text = (key: string) => (typeof configuration[key] === 'string' && configuration[key] !== '' ? [configuration[key] as string] : []);
    users.push(...USER_KEYS.flatMap(text));
    headerNames.push(...CREDENTIAL_HEADER_KEYS.flatMap(text));
  }
  return { users, headerNames };
}
