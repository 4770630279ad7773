/** Moving secrets out of a Cloud Elements instance document before it is stored anywhere. */
import { findElement, isSecretKey } from '../../../shared/config/elements.ts';
import { isInstanceShape } from '../../../shared/config/instance.ts';
import { findPlaceholder, isPlainObject } from '../../../shared/config/values.ts';

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
