/**
 * "Needs setup": what is left before an instance may poll. An instance with placeholders,
 * documentation values (Cloud Elements' `xxxxx`, its example hosts) or credentials not stored yet
 * is saved, but not enabled, and nothing polls it: no request goes to an example host, and no
 * record to a callback that is not the user's.
 */
import { requiredSecrets } from './elementValidation.ts';
import { findElement, knownKeys } from './elements.ts';
import { joinPath, type Problem } from './problems.ts';
import { isInstanceShape, type ValidationResult } from './instance.ts';
import { isPlainObject } from './values.ts';

/** One thing to do, at the configuration path of the field that does it. */
export type SetupItem = Problem;

export interface SetupContext {
  /** The secret keys that have a value (stored, or about to be). */
  provided: ReadonlySet<string>;
  /** How the user provides a missing one (the variable to set, with env secrets). */
  howToSet: (key: string) => string;
}

/** The checklist of a document as validated (`validateInstance(document)`). */
export function setupChecklist(document: unknown, validation: Pick<ValidationResult, 'todos' | 'config'>, context: SetupContext): SetupItem[] {
  const config = validation.config;
  const configurationPath = isPlainObject(document) && isInstanceShape(document) ? 'configuration' : '';
  const missing = config ? requiredSecrets(config.elementKey, config.configuration).filter((key) => !context.provided.has(key)) : [];
  const labels = new Map(knownKeys(findElement(config?.elementKey)).map((key) => [key.key, key.label]));
  const secretItems = missing.map((key) => ({ path: joinPath(configurationPath, key), message: `${labels.get(key) ?? key} is not stored yet: ${context.howToSet(key)}` }));
  // A secret's placeholder is replaced by its "not stored yet", which says how to fill it in.
  const secretPaths = new Set(secretItems.map((item) => item.path));
  const templates = validation.todos.filter((todo) => !secretPaths.has(todo.path));
  return [...templates, ...secretItems];
}
